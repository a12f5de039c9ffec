import { Cron } from 'croner';
import type { Clock } from './clock';
import type { Logger } from './logger';
import { TIME_ZONE } from './format';
import { runDueChasing } from './features/actions/chasing';
import type { PersonalMessaging } from './features/actions/notify';

/**
 * Chases action owners (weekly digests) and clerks (overdue summaries before meetings). croner
 * wakes it each minute (Europe/London); what is due is decided from the injected clock and the
 * store, so tests move the clock and call `tick`. Ticks never overlap.
 */
export class ActionChaser {
  private job: Cron | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly deps: PersonalMessaging,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(): void {
    void this.tick();
    this.job = new Cron('30 * * * * *', { timezone: TIME_ZONE, protect: true }, () => this.tick());
  }

  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = runDueChasing(this.deps, this.clock.now())
      .then((rounds) => {
        for (const round of rounds) this.logger.info('action chasing sent', { round: round.id, deliveries: round.deliveries.length });
      })
      .catch((err: Error) => this.logger.error('action chasing failed', { error: err.message }))
      .finally(() => {
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
