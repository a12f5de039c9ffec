/**
 * All "today / next / overdue" logic asks a Clock, never Date.now(), so BOT_NOW can pin time
 * for demos and tests can move it forward.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock pinned at `start`; `advance` moves it (tests, scheduled reminders). */
export class FixedClock implements Clock {
  private current: number;
  constructor(start: Date) {
    this.current = start.getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date): void {
    this.current = to.getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
