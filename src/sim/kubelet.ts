// The kubelet: runs each bound pod's container as the workload protocol says, with Kubernetes'
// container states, reasons, timestamps, readiness and Events, and enforces activeDeadlineSeconds.
import type { ContainerStatus, Pod, PodStatus } from '../kube/types.js';
import { parseTime, rfc3339 } from '../kube/time.js';
import type { SimContext } from './context.js';
import type { PodScheduler } from './podScheduler.js';
import { ATTEMPT_ANNOTATION, planWorkload } from './workload.js';

function podKey(pod: Pod): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

function imageID(image: string): string {
  // A stable fake digest, so the same image always has the same id.
  let h = 0x811c9dc5;
  for (let i = 0; i < image.length; i++) h = Math.imul(h ^ image.charCodeAt(i), 16777619);
  const hex = (h >>> 0).toString(16).padStart(8, '0');
  return `${image.split(':')[0]}@sha256:${hex.repeat(8)}`;
}

export class Kubelet {
  private timers = new Map<string, (() => void)[]>();

  constructor(
    private readonly ctx: SimContext,
    private readonly scheduler: PodScheduler,
  ) {}

  private current(pod: Pod): Pod | undefined {
    return this.ctx.store.get<Pod>('Pod', pod.metadata.namespace, pod.metadata.name);
  }

  private timer(pod: Pod, delayMs: number, task: () => void): void {
    const key = podKey(pod);
    const cancel = this.ctx.after(delayMs, task);
    const list = this.timers.get(key);
    if (list) list.push(cancel);
    else this.timers.set(key, [cancel]);
  }

  private clearTimers(pod: Pod): void {
    for (const cancel of this.timers.get(podKey(pod)) ?? []) cancel();
    this.timers.delete(podKey(pod));
  }

  private log(type: string, pod: Pod, extra: { message?: string; data?: Record<string, unknown> } = {}): void {
    this.ctx.log.append(this.ctx.now(), type, { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, ...extra });
  }

  /** The scheduler bound a pod to this node: pull the image, then start the container. */
  podBound(pod: Pod): void {
    const container = pod.spec.containers[0]!;
    const now = rfc3339(this.ctx.now());
    const waiting: ContainerStatus = {
      name: container.name,
      image: container.image,
      imageID: '',
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason: 'ContainerCreating' } },
    };
    const started = this.update(pod, { startTime: now, containerStatuses: [waiting] });
    if (!started) return;
    this.ctx.recordEvent(started, 'Normal', 'Pulling', `Pulling image "${container.image}"`, 'kubelet');
    const deadline = pod.spec.activeDeadlineSeconds;
    if (deadline !== undefined) this.timer(pod, deadline * 1000, () => this.deadlineExceeded(pod));
    this.timer(pod, this.ctx.config.podStartupSeconds * 1000, () => this.startContainer(pod));
  }

  private startContainer(pod: Pod): void {
    const current = this.current(pod);
    if (!current || current.status?.phase !== 'Pending') return;
    const container = current.spec.containers[0]!;
    const attempt = Number(current.metadata.annotations?.[ATTEMPT_ANNOTATION] ?? 0);
    const plan = planWorkload(container, attempt, this.ctx.config.defaultWorkloadSeconds);
    const now = rfc3339(this.ctx.now());
    const pullSeconds = this.ctx.config.podStartupSeconds;
    this.ctx.recordEvent(current, 'Normal', 'Pulled', `Successfully pulled image "${container.image}" in ${pullSeconds}s (${pullSeconds}s including waiting)`, 'kubelet');
    this.ctx.recordEvent(current, 'Normal', 'Created', `Created container: ${container.name}`, 'kubelet');
    this.ctx.recordEvent(current, 'Normal', 'Started', `Started container ${container.name}`, 'kubelet');
    const running: ContainerStatus = {
      name: container.name,
      image: container.image,
      imageID: imageID(container.image),
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } },
    };
    this.update(current, {
      phase: 'Running',
      containerStatuses: [running],
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: now },
        { type: 'Initialized', status: 'True', lastTransitionTime: current.status?.startTime ?? now },
        { type: 'Ready', status: 'True', lastTransitionTime: now },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: now },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: current.status?.startTime ?? now },
      ],
    });
    this.log('ContainerStarted', current, { data: { attempt, plannedSeconds: plan.seconds, plannedExitCode: plan.exitCode } });
    this.timer(current, plan.seconds * 1000, () =>
      this.terminate(pod, plan.exitCode, plan.oomKilled ? 'OOMKilled' : plan.exitCode === 0 ? 'Completed' : 'Error'),
    );
  }

  private terminate(pod: Pod, exitCode: number, reason: string, podReason?: { reason: string; message: string }): void {
    const current = this.current(pod);
    if (!current || current.status?.phase === 'Succeeded' || current.status?.phase === 'Failed') return;
    const now = rfc3339(this.ctx.now());
    const prev = current.status?.containerStatuses?.[0];
    const container = current.spec.containers[0]!;
    const startedAt = prev?.state.running?.startedAt;
    const terminated: ContainerStatus = {
      name: container.name,
      image: container.image,
      imageID: prev?.imageID || '',
      ready: false,
      started: false,
      restartCount: 0,
      state: {
        terminated: {
          exitCode,
          reason,
          ...(reason === 'OOMKilled' ? { message: 'Out of memory.' } : {}),
          ...(startedAt ? { startedAt } : {}),
          finishedAt: now,
        },
      },
    };
    const phase = exitCode === 0 && !podReason ? 'Succeeded' : 'Failed';
    const conditions = (current.status?.conditions ?? []).map((c) =>
      c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False' as const, reason: 'PodCompleted', lastTransitionTime: now } : c,
    );
    this.update(current, { phase, containerStatuses: [terminated], conditions, ...(podReason ?? {}) });
    this.clearTimers(pod);
    this.scheduler.release(current);
    this.log('ContainerTerminated', current, { data: { exitCode, reason, ...(podReason ? { podReason: podReason.reason } : {}) } });
  }

  private deadlineExceeded(pod: Pod): void {
    const current = this.current(pod);
    if (!current || current.status?.phase === 'Succeeded' || current.status?.phase === 'Failed') return;
    const message = 'Pod was active on the node longer than the specified deadline';
    this.ctx.recordEvent(current, 'Normal', 'DeadlineExceeded', message, 'kubelet');
    this.ctx.recordEvent(current, 'Normal', 'Killing', `Stopping container ${current.spec.containers[0]!.name}`, 'kubelet');
    // The container is killed (SIGKILL after the grace period): exit code 137.
    this.terminate(current, 137, 'Error', { reason: 'DeadlineExceeded', message });
  }

  /** The pod is being deleted: kill its container and remove it. */
  podDeleted(pod: Pod): void {
    this.clearTimers(pod);
    this.scheduler.release(pod);
    const running = pod.status?.containerStatuses?.[0]?.state.running;
    if (running) this.ctx.recordEvent(pod, 'Normal', 'Killing', `Stopping container ${pod.spec.containers[0]!.name}`, 'kubelet');
  }

  private update(pod: Pod, status: Partial<PodStatus>): Pod | undefined {
    const current = this.current(pod);
    if (!current) return undefined;
    return this.ctx.store.replace('Pod', { ...current, status: { ...current.status, ...status } });
  }
}

export function podFinishedAt(pod: Pod): number | undefined {
  return parseTime(pod.status?.containerStatuses?.[0]?.state.terminated?.finishedAt);
}
