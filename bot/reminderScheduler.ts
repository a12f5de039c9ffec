import { Cron } from 'croner';
import type { Clock } from './clock';
import type { Logger } from './logger';
import { TIME_ZONE } from './format';
import { runDueReminders } from './features/reminders/reminders';
import type { ReminderDeps } from './features/reminders/messenger';

/**
 * Fires scheduled agenda reminders. croner wakes it each minute (Europe/London); what is due is
 * decided from the injected clock and the store, so tests move the clock and call `tick`.
 * Ticks never overlap, so a long fan-out cannot be started twice.
 */
export class ReminderScheduler {
  private job: Cron | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly deps: ReminderDeps,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    private readonly logger: Logger,
  ) {}

  /** Catches up on anything missed while the bot was down, then checks every minute. */
  start(): void {
    void this.tick({ startup: true });
    this.job = new Cron('0 * * * * *', { timezone: TIME_ZONE, protect: true }, () => this.tick());
  }

  tick(options: { startup?: boolean } = {}): Promise<void> {
    if (this.running) return this.running;
    this.running = runDueReminders(this.deps, this.clock.now(), this.publicUrl, options)
      .then((sends) => {
        for (const send of sends) this.logger.info('scheduled reminder sent', { reminder: send.id, deliveries: send.deliveries.length });
      })
      .catch((err: Error) => this.logger.error('scheduled reminders failed', { error: err.message }))
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
