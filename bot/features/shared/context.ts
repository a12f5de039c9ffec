import type { Repository } from '../../store/repository';
import type { Identity } from '../people/identity';
import type { ReminderDeps } from '../reminders/messenger';
import type { SyncControl } from '../sync/service';

/** What a question handler knows about the conversation it is answering in. */
export interface AskContext {
  /** The repository interface (asynchronous, versioned, audited writes, transactions). */
  records: Repository;
  now: Date;
  /** The committee this conversation is about (see resolveCommittee), when one is known. */
  committeeId: string | null;
  /** The person asking, when known (guests: null). */
  personId: string | null;
  /** Absolute base URL where the bot serves files such as calendar invitations. */
  publicUrl: string;
}

/** A question or record asked in a conversation by a known (or guest) user. */
export interface QuestionContext extends AskContext {
  identity: Identity;
  conversation: { id: string; type: 'personal' | 'channel' | 'groupChat' };
  /** How reminders reach Teams (clerks' "post agenda reminder"). */
  reminders: ReminderDeps;
  /** The modern.gov sync (clerks' "sync now" and "sync status"); absent where the bot has none. */
  sync?: SyncControl;
}
