import { Cron } from 'croner';
import type { Clock } from './clock';
import type { Logger } from './logger';
import { TIME_ZONE } from './format';
import type { SyncReason, SyncService } from './features/sync/service';

/**
 * Runs the modern.gov sync on MODERNGOV_SYNC (cron, Europe/London): once at start-up, then on
 * the schedule. After a failure it retries with backoff (checked each minute against the
 * injected clock, so tests move the clock and call `tick`); scheduled runs wait for the backoff.
 * MODERNGOV_SYNC=off runs nothing by itself ("sync now" still works).
 */
export class SyncScheduler {
  private jobs: Cron[] = [];

  constructor(
    private readonly service: SyncService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(): void {
    const schedule = this.service.settings?.schedule;
    if (!schedule) return;
    void this.tick('startup');
    this.jobs = [
      new Cron(schedule, { timezone: TIME_ZONE, protect: true }, () => void this.tick('scheduled')),
      new Cron('30 * * * * *', { timezone: TIME_ZONE, protect: true }, () => {
        if (this.service.retryAt() !== null) void this.tick('retry');
      }),
    ];
  }

  /** One run if it is due: a retry or scheduled run only once the backoff has passed. */
  async tick(reason: SyncReason): Promise<void> {
    if (reason !== 'startup' && !this.service.mayRunAt(this.clock.now())) {
      if (reason === 'scheduled')
        this.logger.info('modern.gov sync waits for its retry', { retryAt: this.service.retryAt()?.toISOString() });
      return;
    }
    await this.service.run(reason).catch((err: unknown) => {
      this.logger.error('modern.gov sync failed', { reason, error: (err as Error).message });
    });
  }

  async stop(): Promise<void> {
    for (const job of this.jobs) job.stop();
    this.jobs = [];
    await this.service.settled();
  }
}
