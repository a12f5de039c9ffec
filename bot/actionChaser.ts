import type { Clock } from './clock';
import type { Logger } from './logger';
import { runDueChasing } from './features/actions/chasing';
import type { PersonalMessaging } from './features/actions/notify';
import { MinuteLoop } from './minuteLoop';

/**
 * Chases action owners (weekly digests) and clerks (overdue summaries before meetings), checked
 * each minute at 30 seconds past (see MinuteLoop).
 */
export class ActionChaser {
  private readonly loop: MinuteLoop<void>;

  constructor(deps: PersonalMessaging, clock: Clock, logger: Logger) {
    this.loop = new MinuteLoop(30, () =>
      runDueChasing(deps, clock.now())
        .then((rounds) => {
          for (const round of rounds) logger.info('action chasing sent', { round: round.id, deliveries: round.deliveries.length });
        })
        .catch((err: Error) => logger.error('action chasing failed', { error: err.message })),
    );
  }

  start(): void {
    this.loop.start(undefined, undefined);
  }

  tick(): Promise<void> {
    return this.loop.tick();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
