import type { Logger } from '../../logger';
import type { ConversationSeen, Repository } from '../../store/repository';
import type { Answer } from '../shared/answer';
import type { RateLimiter, Timer } from './delivery';

/**
 * What features need from Teams to send messages of their own (agenda reminders), declared
 * here and implemented by the Teams layer (bot/teams/messenger.ts). This module imports no other
 * capability that takes a question context, so the context can carry these without a cycle.
 */

/** What Teams tells the bot about a conversation it is in or has been added to (declared with the repository). */
export type { ConversationSeen };

/** How the bot reaches Teams; implemented by the Teams layer, faked in capability tests. */
export interface Messenger {
  /** Posts the answer's card into an existing conversation. Throws DeliveryError on failure. */
  send(reference: Record<string, unknown>, answer: Answer): Promise<void>;
  /** Opens a personal chat with a Teams user; returns what Teams says about the new conversation. */
  openPersonalChat(request: { teamsUserId: string; tenantId: string | null; serviceUrl: string }): Promise<ConversationSeen>;
}

export interface ReminderDeps {
  records: Repository;
  messenger: Messenger;
  limiter: RateLimiter;
  timer?: Timer;
  logger?: Logger;
  /** How long a clerk's turn waits for a reminder to go out before replying "still sending" (ms). */
  replyWithinMs?: number;
  /** Sends that outlive the turn that started them; the bot waits for them when it stops. */
  background?: BackgroundWork;
}

/** Work that outlives the turn that started it, tracked so that stopping the bot can wait for it. */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  /** `work` should deal with its own failure; a failure here is only dropped from the set. */
  run(work: Promise<void>): void {
    const tracked: Promise<void> = work.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(tracked);
    void tracked.then(() => this.running.delete(tracked));
  }

  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
