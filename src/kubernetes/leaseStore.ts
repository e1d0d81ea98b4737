// The leader-election Lease in the API server (coordination.k8s.io/v1). It has a client of its own,
// outside the cluster port's token bucket (as client-go gives leader election its own client): a
// renewal must never wait behind a batch's Job creations, or the leader would lose its Lease while
// busy. It makes at most one or two requests a retry period.
import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { mapError } from './errors.js';
import type { LeaseRecord, LeaseStore, StoredLease } from './leaderElection.js';

export class KubeLeaseStore implements LeaseStore {
  private readonly api: CoordinationV1Api;

  constructor(
    kubeConfig: KubeConfig,
    readonly namespace: string,
    readonly name: string,
  ) {
    this.api = kubeConfig.makeApiClient(CoordinationV1Api);
  }

  async get(): Promise<StoredLease | undefined> {
    try {
      const lease = await this.api.readNamespacedLease({ name: this.name, namespace: this.namespace });
      return { record: toRecord(lease), version: lease.metadata?.resourceVersion ?? '' };
    } catch (err) {
      const mapped = mapError(err, `get Lease ${this.namespace}/${this.name}`);
      if (mapped.error.code === 404) return undefined;
      throw mapped.error;
    }
  }

  async create(record: LeaseRecord): Promise<string> {
    try {
      const lease = await this.api.createNamespacedLease({ namespace: this.namespace, body: this.body(record) });
      return lease.metadata?.resourceVersion ?? '';
    } catch (err) {
      throw mapError(err, `create Lease ${this.namespace}/${this.name}`).error;
    }
  }

  async update(record: LeaseRecord, version: string): Promise<string> {
    try {
      const lease = await this.api.replaceNamespacedLease({ name: this.name, namespace: this.namespace, body: this.body(record, version) });
      return lease.metadata?.resourceVersion ?? '';
    } catch (err) {
      throw mapError(err, `update Lease ${this.namespace}/${this.name}`).error;
    }
  }

  private body(record: LeaseRecord, resourceVersion?: string): V1Lease {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.name, namespace: this.namespace, ...(resourceVersion ? { resourceVersion } : {}), labels: { 'app.kubernetes.io/name': 'jobsim' } },
      // MicroTime fields go out as the strings given (the client passes a type it does not know through).
      spec: record as unknown as V1Lease['spec'],
    };
  }
}

/** The typed client hands MicroTime back as the wire string; an unset field reads as empty. */
function toRecord(lease: V1Lease): LeaseRecord {
  const s = (lease.spec ?? {}) as Partial<Record<keyof LeaseRecord, unknown>>;
  const text = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : '');
  return {
    holderIdentity: typeof s.holderIdentity === 'string' ? s.holderIdentity : '',
    leaseDurationSeconds: typeof s.leaseDurationSeconds === 'number' ? s.leaseDurationSeconds : 0,
    acquireTime: text(s.acquireTime),
    renewTime: text(s.renewTime),
    leaseTransitions: typeof s.leaseTransitions === 'number' ? s.leaseTransitions : 0,
  };
}
