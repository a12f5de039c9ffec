import { Cron } from 'croner';
import { TIME_ZONE } from './format';

/**
 * A job croner wakes each minute at `second` (Europe/London). What is due is decided by `work`
 * from the injected clock and the store, so tests move the clock and call `tick`. Ticks never
 * overlap: a tick while one runs returns that one, so a long fan-out cannot be started twice.
 * `work` reports its own failures; a tick never rejects.
 */
export class MinuteLoop<Options> {
  private job: Cron | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly second: number,
    private readonly work: (options: Options) => Promise<void>,
  ) {}

  /** Ticks at once with `first`, then every minute with `each`. */
  start(first: Options, each: Options): void {
    void this.tick(first);
    this.job = new Cron(`${this.second} * * * * *`, { timezone: TIME_ZONE, protect: true }, () => this.tick(each));
  }

  tick(options: Options): Promise<void> {
    if (this.running) return this.running;
    this.running = this.work(options).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.job?.stop();
    this.job = null;
    if (this.running) await this.running;
  }
}
