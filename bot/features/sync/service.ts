import type { Clock } from '../../clock';
import type { ModernGovConfig } from '../../config';
import type { Logger } from '../../logger';
import type { Repository } from '../../store/repository';
import type { SyncRun } from '../../store/schema';
import type { MeetingChange } from '../alerts/changes';
import { ModernGovClient, type ModernGovClientOptions } from './client';
import { runSync, type SyncReport } from './engine';

/** Why a sync runs: at start-up, on the schedule, retrying after a failure, or a clerk asked. */
export type SyncReason = 'startup' | 'scheduled' | 'retry' | 'asked';

/** What the bot's features see of the sync: run one now, and what the last runs did. */
export interface SyncControl {
  /** The site and committees when modern.gov is set up; null when MODERNGOV_URL is not set. */
  readonly settings: ModernGovConfig | null;
  /** Runs a sync now, or joins the one running; null when modern.gov is not set up. */
  run(reason: SyncReason): Promise<SyncReport | null>;
  /** The latest runs, newest first. */
  runs(): Promise<readonly SyncRun[]>;
  /** When a failed sync is next retried (null when the last one succeeded). */
  retryAt(): Date | null;
}

export interface SyncServiceDeps {
  settings: ModernGovConfig | null;
  records: Repository;
  clock: Clock;
  logger: Logger;
  /** Timeout and pacing of the requests (see ModernGovClientOptions). */
  client?: Omit<ModernGovClientOptions, 'site'>;
  /** Told of the meetings that changed (the alerts); errors are logged, never fatal to the sync. */
  onMeetingChanges?: (changes: MeetingChange[]) => Promise<void>;
}

/** First retry after a failed sync, doubled after each further failure up to MAX_BACKOFF_MS. */
const FIRST_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/**
 * Runs syncs one at a time (a second request joins the running one), keeps the backoff after
 * failures, and hands each run's meeting changes to `onMeetingChanges`.
 */
export class SyncService implements SyncControl {
  private current: Promise<SyncReport | null> | null = null;
  private failures = 0;
  private retryNotBefore: Date | null = null;
  /** The meeting changes being handed to `onMeetingChanges`, one run's after another's. */
  private telling: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SyncServiceDeps) {}

  get settings(): ModernGovConfig | null {
    return this.deps.settings;
  }

  run(reason: SyncReason): Promise<SyncReport | null> {
    const settings = this.deps.settings;
    if (!settings) return Promise.resolve(null);
    if (this.current) return this.current;
    this.current = this.once(settings, reason).finally(() => {
      this.current = null;
    });
    return this.current;
  }

  runs(): Promise<readonly SyncRun[]> {
    return this.deps.records.sync.runs();
  }

  retryAt(): Date | null {
    return this.retryNotBefore;
  }

  /** Whether a scheduled run may go ahead at `now` (not while backing off after a failure). */
  mayRunAt(now: Date): boolean {
    return this.retryNotBefore === null || now.getTime() >= this.retryNotBefore.getTime();
  }

  /** Waits for the running sync, if any, and for the meeting changes it is handing on. */
  async settled(): Promise<void> {
    await this.current?.catch(() => undefined);
    await this.telling;
  }

  private async once(settings: ModernGovConfig, reason: SyncReason): Promise<SyncReport | null> {
    const { logger, clock } = this.deps;
    const client = new ModernGovClient({ ...this.deps.client, site: settings.site });
    let report: SyncReport;
    try {
      report = await runSync({ records: this.deps.records, client, settings, clock, logger });
    } catch (err) {
      // An outage of the store itself: nothing was written; retried like a failed sync.
      this.failed(clock.now());
      logger.error('modern.gov sync failed', { reason, error: (err as Error).message });
      throw err;
    }
    if (report.run.ok) {
      this.failures = 0;
      this.retryNotBefore = null;
    } else {
      this.failed(clock.now());
    }
    const counts = report.run.committees.reduce(
      (sum, c) => ({ created: sum.created + c.created, updated: sum.updated + c.updated, cancelled: sum.cancelled + c.cancelled }),
      { created: 0, updated: 0, cancelled: 0 },
    );
    logger.info('modern.gov sync finished', { reason, ok: report.run.ok, committees: report.run.committees.length, ...counts });
    for (const problem of report.run.problems) logger.warn('modern.gov sync problem', { problem });
    const hook = this.deps.onMeetingChanges;
    if (report.meetingChanges.length > 0 && hook) {
      // Alerts go out at Teams' pace: the report does not wait for them; stopping the bot does.
      const previous = this.telling;
      this.telling = previous
        .then(() => hook(report.meetingChanges))
        .catch((err: unknown) => {
          logger.error('telling the committees of meeting changes failed', { error: (err as Error).message });
        });
    }
    return report;
  }

  private failed(now: Date): void {
    this.failures += 1;
    const wait = Math.min(FIRST_BACKOFF_MS * 2 ** (this.failures - 1), MAX_BACKOFF_MS);
    this.retryNotBefore = new Date(now.getTime() + wait);
  }
}
