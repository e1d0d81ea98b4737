// Hands the watch stream's batch changes to whichever views are open.
import type { BatchChange } from './api.ts';

type Listener = (change: BatchChange | 'reload') => void;

export class ChangeBus {
  private listeners = new Set<Listener>();

  on(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(change: BatchChange | 'reload'): void {
    for (const l of this.listeners) l(change);
  }
}
