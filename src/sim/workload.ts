// The workload protocol: how a simulated container behaves is read from its environment.
import { memoryBytes, parseQuantity } from '../cluster/quantity.js';
import type { Container } from '../cluster/types.js';

export const ATTEMPT_ANNOTATION = 'sim.jobsim.io/attempt';

export interface WorkloadPlan {
  seconds: number;
  exitCode: number;
  oomKilled: boolean;
}

function env(container: Container, name: string): string | undefined {
  return container.env?.find((e) => e.name === name)?.value;
}

function exitCodeOf(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  const code = Number(text);
  return code >= 0 && code <= 255 ? code : undefined;
}

/** What attempt number `attempt` (0-based) of this container does. */
export function planWorkload(container: Container, attempt: number, defaultSeconds: number): WorkloadPlan {
  const secondsText = env(container, 'WORKLOAD_SECONDS');
  const parsed = secondsText === undefined ? NaN : Number(secondsText);
  const seconds = Number.isFinite(parsed) && parsed >= 0 ? parsed : defaultSeconds;

  let exitCode = exitCodeOf(env(container, 'WORKLOAD_EXIT_CODE')) ?? 0;
  const perAttempt = env(container, 'WORKLOAD_EXIT_CODES');
  if (perAttempt !== undefined && perAttempt.trim() !== '') {
    const codes = perAttempt.split(',').map((c) => exitCodeOf(c) ?? 0);
    exitCode = codes[Math.min(attempt, codes.length - 1)] ?? exitCode;
  }

  const memoryText = env(container, 'WORKLOAD_MEMORY');
  const used = memoryText !== undefined && parseQuantity(memoryText) !== undefined ? memoryBytes(memoryText) : 0;
  const limitText = container.resources?.limits?.memory;
  const oomKilled = limitText !== undefined && used > memoryBytes(limitText);
  return { seconds, exitCode: oomKilled ? 137 : exitCode, oomKilled };
}
