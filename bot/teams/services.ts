import type { TurnContext } from 'botbuilder';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import type { Repository } from '../store/repository';
import type { Identity } from '../features/people/identity';
import type { QuestionContext } from '../features/shared/context';
import type { ReminderDeps } from '../features/reminders/messenger';
import type { SyncControl } from '../features/sync/service';

/** Everything a turn needs, built once at start-up and handed to the routes. */
export interface BotServices {
  config: Config;
  logger: Logger;
  store: Store;
  /** The repository interface: the way capabilities read and change records. */
  records: Repository;
  clock: Clock;
  /** The modern.gov sync ("sync now", "sync status"). */
  sync?: SyncControl;
}

/** The plain context the capabilities see for this turn: no Teams types past this point. */
export async function askContext(
  context: TurnContext,
  services: BotServices,
  identity: Identity,
  reminders: ReminderDeps,
): Promise<QuestionContext> {
  const conversationId = context.activity.conversation.id;
  const linked = (await services.records.conversations.get(conversationId))?.committeeId ?? null;
  return {
    records: services.records,
    now: services.clock.now(),
    committeeId: linked,
    personId: identity.person?.id ?? null,
    publicUrl: services.config.publicUrl,
    identity,
    reminders,
    ...(services.sync ? { sync: services.sync } : {}),
    conversation: {
      id: conversationId,
      type: (context.activity.conversation.conversationType as 'personal' | 'channel' | 'groupChat' | undefined) ?? 'personal',
    },
  };
}
