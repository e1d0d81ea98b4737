// How a batch made by a cron tick is marked, as the reference marks it: the label on every batch
// ("true" for cron-made, "false" otherwise) and the schedule it came from, for presentation.
export const LABEL_BATCH_CRON = 'radix-batch-cron';
export const ANNOTATION_CRON_SCHEDULE = 'radix.equinor.com/batch-cron-schedule';

/** Labels and annotations for a new batch: `cronSchedule` set only for a cron tick's job. */
export function cronMarks(cronSchedule: string | undefined): { labels: Record<string, string>; annotations?: Record<string, string> } {
  return cronSchedule
    ? { labels: { [LABEL_BATCH_CRON]: 'true' }, annotations: { [ANNOTATION_CRON_SCHEDULE]: cronSchedule } }
    : { labels: { [LABEL_BATCH_CRON]: 'false' } };
}
