// Limits a Kubernetes API server enforces, which the simulated one enforces too.

/** A pod's activeDeadlineSeconds must be from 1 to 2^31-1 (pod spec validation). */
export const MAX_ACTIVE_DEADLINE_SECONDS = 2_147_483_647;

/** kube-apiserver refuses a request body larger than 3 MiB (413 RequestEntityTooLarge). */
export const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

/** etcd refuses to store an object larger than 1.5 MiB (its default --max-request-bytes). */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;
