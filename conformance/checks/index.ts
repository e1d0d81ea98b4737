// Every check of the kit, in report order.
import type { Check } from '../kit/types.js';
import { apiChecks } from './api.js';
import { batchChecks } from './batch.js';
import { lifecycleChecks } from './lifecycle.js';
import { modelChecks } from './model.js';
import { profileChecks } from './profile.js';
import { schemaChecks } from './schema.js';
import { webhookChecks } from './webhook.js';

export const ALL_CHECKS: Check[] = [...schemaChecks, ...apiChecks, ...profileChecks, ...lifecycleChecks, ...batchChecks, ...modelChecks, ...webhookChecks];
