// The simulator's event queue: one deterministic order of work, the cluster's before its clients'.
import { describe, expect, it } from 'vitest';
import { EventQueue, type Lane } from '../../src/sim/eventQueue.js';

function drain(q: EventQueue, at: number): void {
  for (let task = q.popDue(at); task; task = q.popDue(at)) void task();
}

describe('EventQueue', () => {
  it('orders by time, then insertion', () => {
    const q = new EventQueue();
    const ran: string[] = [];
    q.schedule(20, () => void ran.push('b'));
    q.schedule(10, () => void ran.push('a1'));
    q.schedule(10, () => void ran.push('a2'));
    drain(q, 20);
    expect(ran).toEqual(['a1', 'a2', 'b']);
  });

  it("runs a client's work after the cluster's work of the same instant, including work that work adds", () => {
    const q = new EventQueue();
    const ran: string[] = [];
    const at = (lane: Lane, name: string, then?: () => void) =>
      q.schedule(5, () => {
        ran.push(name);
        then?.();
      }, lane);
    at(1, 'engine reconcile', () => at(0, 'job controller, after the engine created a Job'));
    at(0, 'scheduler binds');
    at(0, 'kubelet starts', () => at(0, 'job controller counts the pod'));
    q.schedule(6, () => void ran.push('next instant'));
    drain(q, 6);
    expect(ran).toEqual([
      'scheduler binds',
      'kubelet starts',
      'job controller counts the pod',
      'engine reconcile',
      'job controller, after the engine created a Job',
      'next instant',
    ]);
  });

  it('keeps the order after cancelled entries are swept out', () => {
    const q = new EventQueue();
    const ran: number[] = [];
    const cancels = Array.from({ length: 3000 }, (_, i) => q.schedule(1, () => void ran.push(-i)));
    q.schedule(1, () => void ran.push(2), 1);
    q.schedule(1, () => void ran.push(1), 0);
    for (const cancel of cancels) cancel();
    expect(q.size).toBe(2);
    drain(q, 1);
    expect(ran).toEqual([1, 2]);
  });

  it('counts housekeeping apart: popped or cancelled, it leaves the background count', () => {
    const q = new EventQueue();
    const cancelTtl = q.schedule(100, () => undefined, 0, true);
    q.schedule(5, () => undefined, 0, true);
    q.schedule(5, () => undefined);
    expect([q.size, q.foreground]).toEqual([3, 1]);
    drain(q, 5);
    expect([q.size, q.foreground]).toEqual([1, 0]);
    cancelTtl();
    cancelTtl();
    expect([q.size, q.foreground]).toEqual([0, 0]);
    q.schedule(7, () => undefined, 0, true);
    q.clear();
    q.schedule(8, () => undefined);
    expect([q.size, q.foreground]).toEqual([1, 1]);
  });
});
