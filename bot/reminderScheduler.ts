import type { Clock } from './clock';
import type { Logger } from './logger';
import { runDueReminders } from './features/reminders/reminders';
import type { ReminderDeps } from './features/reminders/messenger';
import { MinuteLoop } from './minuteLoop';

type TickOptions = { startup?: boolean };

/** Fires scheduled agenda reminders, checked each minute on the minute (see MinuteLoop). */
export class ReminderScheduler {
  private readonly loop: MinuteLoop<TickOptions>;

  constructor(deps: ReminderDeps, clock: Clock, publicUrl: string, logger: Logger) {
    this.loop = new MinuteLoop(0, (options) =>
      runDueReminders(deps, clock.now(), publicUrl, options)
        .then((sends) => {
          for (const send of sends) logger.info('scheduled reminder sent', { reminder: send.id, deliveries: send.deliveries.length });
        })
        .catch((err: Error) => logger.error('scheduled reminders failed', { error: err.message })),
    );
  }

  /** Catches up on anything missed while the bot was down, then checks every minute. */
  start(): void {
    this.loop.start({ startup: true }, {});
  }

  tick(options: TickOptions = {}): Promise<void> {
    return this.loop.tick(options);
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
