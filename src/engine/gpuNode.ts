// A job's `node` (gpu, gpuCount): where the reference's batch controller schedules it. A job that asks
// for GPUs (and names no runtime.nodeType) gets a required node affinity on the GPU node labels and a
// toleration of the GPU nodes' taint, in place of the usual job node pool; on a cluster without such
// nodes its pod stays Pending (unschedulable), as on the reference.
import type { Affinity, NodeSelectorRequirement, Toleration } from '../cluster/types.js';
import type { NodeRequest } from './types.js';

export const LABEL_NODE_GPU = 'radix-node-gpu';
export const LABEL_NODE_GPU_COUNT = 'radix-node-gpu-count';

/** `gpu` is a comma-separated list; a name prefixed `-` is one the node must not have. */
function gpuLists(gpu: string | undefined): { including: string[]; excluding: string[] } {
  const including: string[] = [];
  const excluding: string[] = [];
  for (const raw of (gpu ?? '').split(',')) {
    const item = raw.trim().toLowerCase();
    if (!item) continue;
    if (item.startsWith('-')) {
      const name = item.slice(1).trim();
      if (name) excluding.push(name);
    } else including.push(item);
  }
  return { including, excluding };
}

/** `gpuCount`: empty (no count), a positive integer, or invalid (undefined: the node is not used). */
function gpuCount(count: string | undefined): number | null | undefined {
  const text = (count ?? '').trim();
  if (!text) return null;
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The affinity and toleration for a job's `node`, or undefined when it asks for no GPU node. */
export function gpuPlacement(node: NodeRequest | undefined): { affinity: Affinity; tolerations: Toleration[] } | undefined {
  if (!node) return undefined;
  const { including, excluding } = gpuLists(node.gpu);
  const count = gpuCount(node.gpuCount);
  if (including.length + excluding.length === 0 || count === undefined) return undefined;
  const expressions: NodeSelectorRequirement[] = [];
  if (count !== null) expressions.push({ key: LABEL_NODE_GPU_COUNT, operator: 'Gt', values: [String(count - 1)] });
  if (including.length) expressions.push({ key: LABEL_NODE_GPU, operator: 'In', values: including });
  if (excluding.length) expressions.push({ key: LABEL_NODE_GPU, operator: 'NotIn', values: excluding });
  return {
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: expressions }] } } },
    tolerations: [{ key: LABEL_NODE_GPU_COUNT, operator: 'Exists', effect: 'NoSchedule' }],
  };
}
