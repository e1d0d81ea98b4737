// Time for the engine: "now" and delayed work, injected so the engine runs on the simulator's
// virtual clock or on the wall clock without knowing which.

export type Cancel = () => void;

export interface EngineClock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Runs `task` after `delayMs`. A returned promise is awaited by the simulator before virtual
   * time moves on, so work triggered at an instant completes at that instant. `background` work
   * (housekeeping such as history cleanup) runs when time passes it but does not keep the
   * simulator busy: run-until-idle does not wait for it.
   */
  schedule(delayMs: number, task: () => void | Promise<void>, opts?: { background?: boolean }): Cancel;
}
