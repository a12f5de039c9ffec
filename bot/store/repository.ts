import type {
  Action,
  Actor,
  AlertSend,
  AlertSubscription,
  AgendaItem,
  Apology,
  AuditEntry,
  BudgetLine,
  ChaseSchedule,
  ChaseSend,
  Committee,
  Conversation,
  Declaration,
  Indicator,
  IndicatorPoint,
  LinkRequest,
  Meeting,
  Minutes,
  PendingAlert,
  Person,
  ReminderSchedule,
  ReminderSend,
  SyncRun,
  WorkProgrammeEntry,
} from './schema';

/**
 * The repository: the only way capabilities reach stored data. Every function is asynchronous
 * and takes and returns plain data, so that another engine (a database) can implement the same
 * interface; test/repository.contract.test.ts is the contract every implementation must pass.
 *
 * Reads return copies or read-only records: never change what a read returns.
 * Writes audit themselves (who, on whose behalf, when, before and after). A write to a record
 * that already exists names the version it was read at; a write on a stale read is refused
 * (`stale`) and changes nothing, so the caller reads again and asks the person again.
 * Failures a user can cause are returned as values (`Result`); exceptions are for bugs and
 * outages (a disk that cannot be written), and then nothing has changed.
 */

/** Record types a repository error or audit entry can name. */
export type RecordType =
  | 'person'
  | 'committee'
  | 'meeting'
  | 'action'
  | 'apology'
  | 'declaration'
  | 'conversation'
  | 'linkRequest'
  | 'reminderSchedule'
  | 'reminderSend'
  | 'indicator'
  | 'alertSend'
  | 'alertSubscription'
  | 'pendingAlert'
  | 'chaseSchedule'
  | 'chaseSend'
  | 'minutes';

export type RepositoryError =
  /** No record with that id (or it was removed meanwhile). */
  | { kind: 'not-found'; recordType: RecordType; id: string }
  /** The record changed since it was read: read it again and ask again. */
  | { kind: 'stale'; recordType: RecordType; id: string; expected: number; current: number }
  /** The change contradicts what is recorded (a clash, a duplicate, a decision already made). */
  | { kind: 'conflict'; recordType: RecordType; id: string; reason: string };

export type Result<T> = { ok: true; value: T } | { ok: false; error: RepositoryError };

/** A stored record with its version (records stored without one are at version 1). */
export type Versioned<T> = T & { version: number };

/** Who makes a change, for the audit trail. */
export interface ChangeBy {
  actor: Actor;
  /** The person the change is made for, when the actor acts on someone else's behalf. */
  onBehalfOf?: string | null;
  /** Extra facts for the audit entry (how a link was matched, the import line). */
  note?: Record<string, unknown>;
}

export interface CouncilReads {
  name(): Promise<string>;
}

export interface PeopleRepository {
  /** Everyone, in stored order: the same array until someone is added or changed. */
  all(): Promise<readonly Versioned<Person>[]>;
  get(id: string): Promise<Versioned<Person> | undefined>;
  /** The person linked to an Entra object id. */
  withObjectId(aadObjectId: string): Promise<Versioned<Person> | undefined>;
  /**
   * Links a person to a Teams account (`person.linked`): conflict when the person is linked to
   * another account or the account to another person. Also records an email when given.
   */
  link(
    id: string,
    expectedVersion: number,
    account: { aadObjectId?: string; teamsUserId?: string | null; email?: string },
    by: ChangeBy,
  ): Promise<Result<Versioned<Person>>>;
  /** Removes the link to a Teams account (`person.unlinked`): conflict when not linked. */
  unlink(id: string, expectedVersion: number, by: ChangeBy): Promise<Result<Versioned<Person>>>;
}

/**
 * What a council sets on a committee that modern.gov does not hold (`npm run committees:configure`).
 * The clerk replaces the clerks recorded: a person of the store, or a new person (an officer, so
 * clerk of the committees that name them and of no other).
 */
export interface CommitteeSettings {
  clerk: { personId: string } | { add: { id: string; name: string; title?: string } };
  quorum: number;
  substituteNoticeMinutes: number;
}

export interface CommitteesRepository {
  all(): Promise<readonly Committee[]>;
  get(id: string): Promise<Committee | undefined>;
  /**
   * `committee.configured` (and `person.added` for a new clerk, kind 'officer'). Settings already
   * as recorded change nothing (no audit, same version). Conflict when the clerk names nobody,
   * a new clerk's id is taken, the quorum is not a whole number of at least 1 or the notice not
   * a whole number of minutes of at least 0.
   */
  configure(id: string, expectedVersion: number, settings: CommitteeSettings, by: ChangeBy): Promise<Result<Versioned<Committee>>>;
}

export type NewMeeting = Omit<Meeting, 'id' | 'status' | 'agendaItems' | 'agendaPublished' | 'version'>;

export interface MeetingsRepository {
  /** Meetings in date order (earliest first), optionally for one committee. */
  list(committeeId?: string): Promise<readonly Versioned<Meeting>[]>;
  get(id: string): Promise<Versioned<Meeting> | undefined>;
  /** The committee's next meeting that has not started and is not cancelled. */
  next(committeeId: string, now: Date): Promise<Versioned<Meeting> | undefined>;
  // Reads by time for the questions, so a turn reads only the meetings it answers about.
  /** The committee's meetings that have not started (see hasStarted), cancelled ones included, in date order. */
  notStarted(committeeId: string, now: Date): Promise<Versioned<Meeting>[]>;
  /** The committee's meetings on London days `from` to `to` (YYYY-MM-DD, both included), cancelled ones included, in date order. */
  between(committeeId: string, from: string, to: string): Promise<Versioned<Meeting>[]>;
  /** The committee's latest meeting that has started and was not cancelled. */
  last(committeeId: string, now: Date): Promise<Versioned<Meeting> | undefined>;
  /** Adds a scheduled meeting (`meeting.added`); conflict when the committee already meets that day. */
  add(meeting: NewMeeting, by: ChangeBy): Promise<Result<Versioned<Meeting>>>;
  /** `meeting.moved`; conflict when cancelled. */
  move(
    id: string,
    expectedVersion: number,
    to: { date: string; startTime: string | null; venue: string | null },
    by: ChangeBy,
  ): Promise<Result<Versioned<Meeting>>>;
  /** `meeting.cancelled`; conflict when already cancelled. */
  cancel(id: string, expectedVersion: number, reason: string, by: ChangeBy): Promise<Result<Versioned<Meeting>>>;
  /** `meeting.agendaPublished`; conflict when already published. */
  publishAgenda(id: string, expectedVersion: number, on: string, by: ChangeBy): Promise<Result<Versioned<Meeting>>>;
}

/** Agenda items belong to their meeting: their writes change (and version) the meeting. */
export interface AgendaItemsRepository {
  list(meetingId: string): Promise<readonly AgendaItem[]>;
  /** `meeting.itemAdded`, kept in item-number order; conflict when the number is taken. */
  add(meetingId: string, expectedVersion: number, item: AgendaItem, by: ChangeBy): Promise<Result<Versioned<Meeting>>>;
  /** `meeting.urgencyReason`; not-found when the item is not on the agenda. */
  setUrgencyReason(meetingId: string, number: string, reason: string, by: ChangeBy): Promise<Result<Versioned<Meeting>>>;
}

export interface MinutesRepository {
  ofMeeting(meetingId: string): Promise<Minutes | undefined>;
}

export type ActionChange = Partial<Pick<Action, 'status' | 'rag' | 'update' | 'owner' | 'due' | 'dueText'>> & {
  /** A progress note: it becomes the action's latest update and is kept in its history. */
  note?: string;
  /** Why the due date moved (kept in the history). */
  dueReason?: string;
};

export type NewAction = Pick<Action, 'origin' | 'text' | 'requestedBy' | 'owner' | 'due' | 'dueText' | 'source'> & {
  /** The reference as the papers give it ("ACTION 3", "1.3.2"); null: the meeting's next "ACTION n". */
  reference: string | null;
};

export interface ActionsRepository {
  /** All actions in stored order. */
  list(): Promise<readonly Versioned<Action>[]>;
  /** The actions still open (open or in progress), in stored order. */
  open(): Promise<readonly Versioned<Action>[]>;
  get(id: string): Promise<Versioned<Action> | undefined>;
  /** The actions of one meeting's minutes, in stored order. */
  forMeeting(meetingId: string): Promise<Versioned<Action>[]>;
  /**
   * `action.added`, open, with its first history entry. A null reference takes the number after
   * the highest "ACTION n" of the meeting (or plan); conflict when the reference is taken there.
   */
  add(input: NewAction, by: ChangeBy): Promise<Result<Versioned<Action>>>;
  /**
   * `action.updated`: sets the fields given and appends what changed (with the note and the
   * reason for a new due date) to the action's history. A new due date clears the timescale as
   * written unless `dueText` is given. Nothing changed: no audit, no new version.
   */
  update(id: string, expectedVersion: number, change: ActionChange, by: ChangeBy): Promise<Result<Versioned<Action>>>;
}

export interface ApologyInput {
  meetingId: string;
  personId: string;
  reason: string | null;
  substituteId: string | null;
}

export interface ApologiesRepository {
  get(id: string): Promise<Versioned<Apology> | undefined>;
  /** A meeting's apologies, sent and withdrawn, in the order first recorded. */
  forMeeting(meetingId: string): Promise<Versioned<Apology>[]>;
  /** One person's apology for a meeting, whatever its status. */
  of(meetingId: string, personId: string): Promise<Versioned<Apology> | undefined>;
  /**
   * Sends apologies: `apology.sent` when the person has none for the meeting (expectedVersion
   * null), otherwise `apology.updated` or `apology.resent` (after a withdrawal) at the expected
   * version. Conflict when expectedVersion is null but the person already has one, or when a
   * newly named substitute is already named on another sent apology for the meeting.
   */
  record(input: ApologyInput, expectedVersion: number | null, by: ChangeBy): Promise<Result<Versioned<Apology>>>;
  /** `apology.withdrawn`; conflict when already withdrawn. */
  withdraw(id: string, expectedVersion: number, by: ChangeBy): Promise<Result<Versioned<Apology>>>;
}

export type DeclarationInput = Pick<Declaration, 'meetingId' | 'agendaItemNumber' | 'personId' | 'kind' | 'nature' | 'onRegister'>;

export interface DeclarationsRepository {
  get(id: string): Promise<Versioned<Declaration> | undefined>;
  forMeeting(meetingId: string): Promise<Versioned<Declaration>[]>;
  /** `declaration.made`; conflict when the person already has a standing declaration on that item. */
  declare(input: DeclarationInput, by: ChangeBy): Promise<Result<Versioned<Declaration>>>;
  /** `declaration.updated`; conflict when withdrawn. */
  update(
    id: string,
    expectedVersion: number,
    change: Pick<Declaration, 'kind' | 'nature' | 'onRegister'>,
    by: ChangeBy,
  ): Promise<Result<Versioned<Declaration>>>;
  /** `declaration.withdrawn`; conflict when already withdrawn. */
  withdraw(id: string, expectedVersion: number, by: ChangeBy): Promise<Result<Versioned<Declaration>>>;
}

/** A figure as given: the repository adds who recorded it and when. */
export type IndicatorValue = Omit<IndicatorPoint, 'recordedBy' | 'recordedAt' | 'corrections'>;

export interface ImportedIndicatorValue {
  indicatorId: string;
  value: IndicatorValue;
}

export interface IndicatorImportOutcome {
  /** Figures added, as `indicatorId period`. */
  recorded: string[];
  /** Figures already recorded exactly as given. */
  unchanged: string[];
}

export interface IndicatorsRepository {
  list(): Promise<readonly Versioned<Indicator>[]>;
  get(id: string): Promise<Versioned<Indicator> | undefined>;
  /**
   * `indicator.valueRecorded`: adds the figure for a period that ends after every recorded
   * period; conflict otherwise (an earlier period is changed only by `correctValue`).
   */
  recordValue(id: string, expectedVersion: number, value: IndicatorValue, by: ChangeBy): Promise<Result<Versioned<Indicator>>>;
  /**
   * `indicator.valueCorrected`: replaces the figure of a recorded period, keeping what it said
   * in the point's `corrections`; not-found when no figure has that period. A correction that
   * changes nothing is no change.
   */
  correctValue(id: string, expectedVersion: number, value: IndicatorValue, by: ChangeBy): Promise<Result<Versioned<Indicator>>>;
  /**
   * Records many figures in one change (each audited `indicator.valueRecorded`): a figure
   * already recorded exactly as given is left alone, any other for a recorded period (or one not
   * after the latest) is a conflict and nothing lands.
   */
  importValues(values: readonly ImportedIndicatorValue[], by: ChangeBy): Promise<Result<IndicatorImportOutcome>>;
}

export interface WorkProgrammeRepository {
  forCommittee(committeeId: string): Promise<readonly WorkProgrammeEntry[]>;
  get(id: string): Promise<WorkProgrammeEntry | undefined>;
}

export interface BudgetRepository {
  lines(year?: string): Promise<readonly BudgetLine[]>;
}

/** Every record search indexes, in stored order (bot/features/search). */
export interface SearchSources {
  committees: readonly Committee[];
  meetings: readonly Meeting[];
  minutes: readonly Minutes[];
  actions: readonly Action[];
  workProgramme: readonly WorkProgrammeEntry[];
  indicators: readonly Indicator[];
  budget: readonly BudgetLine[];
}

export interface SearchReads {
  /**
   * A stamp of everything search indexes: the same stamp means none of it has changed, so an
   * index built from `sources()` read after it can be kept; any change to those records gives a
   * new stamp. Changes search does not index (apologies, declarations, conversations) keep it.
   */
  stamp(): Promise<string>;
  /** Every record search indexes; read-only. */
  sources(): Promise<SearchSources>;
}

export type NewLinkRequest = Omit<LinkRequest, 'id' | 'status' | 'decidedAt' | 'decidedBy' | 'version'>;

export interface LinkRequestsRepository {
  get(id: string): Promise<Versioned<LinkRequest> | undefined>;
  /** Requests waiting for a clerk. */
  pending(): Promise<Versioned<LinkRequest>[]>;
  /** Every request made from one Entra account. */
  forAccount(aadObjectId: string): Promise<Versioned<LinkRequest>[]>;
  /**
   * `linkRequest.created`; conflict when the account already has a pending request, or the
   * person is already linked to an account.
   */
  create(request: NewLinkRequest, by: ChangeBy): Promise<Result<Versioned<LinkRequest>>>;
  /** `linkRequest.confirmed` or `linkRequest.rejected`; conflict when already decided. */
  decide(id: string, expectedVersion: number, decision: 'confirmed' | 'rejected', by: ChangeBy): Promise<Result<Versioned<LinkRequest>>>;
}

/**
 * What Teams reports about a conversation. A null field (other than `reference`) says nothing
 * about it and keeps what is recorded: `installed` is reported only on install and uninstall,
 * `personId` only when the sender of a personal chat is known.
 */
export interface ConversationSeen {
  id: string;
  type: Conversation['type'];
  reference: Record<string, unknown>;
  tenantId: string | null;
  teamId: string | null;
  teamName: string | null;
  channelName: string | null;
  /** Personal chats: whose. */
  personId: string | null;
  /** true/false on install/uninstall events; null when a turn says nothing about it. */
  installed: boolean | null;
}

export interface ConversationsRepository {
  get(id: string): Promise<Versioned<Conversation> | undefined>;
  list(): Promise<Versioned<Conversation>[]>;
  /** Installed channels and group chats linked to a committee (where its agenda reminders go). */
  channelsOf(committeeId: string): Promise<Versioned<Conversation>[]>;
  /** The person's installed personal chat. */
  personalChatOf(personId: string): Promise<Versioned<Conversation> | undefined>;
  /**
   * Records a conversation as Teams reported it (`conversation.added`, or `conversation.updated`
   * when its type, installation, person, team or channel name, or service URL changed; nothing
   * otherwise). Keeps the committee a channel is linked to.
   */
  remember(seen: ConversationSeen, by: ChangeBy): Promise<Result<Versioned<Conversation>>>;
  /** `conversation.linked` (a committee id) or `conversation.unlinked` (null); conflict when linking a personal chat. */
  linkCommittee(id: string, expectedVersion: number, committeeId: string | null, by: ChangeBy): Promise<Result<Versioned<Conversation>>>;
  /** `conversation.updated`: the chat is no longer the person's. */
  forgetPerson(id: string, expectedVersion: number, by: ChangeBy): Promise<Result<Versioned<Conversation>>>;
}

export type NewReminderSchedule = Omit<ReminderSchedule, 'id' | 'active' | 'createdBy' | 'createdAt' | 'version'>;

export interface ReminderSchedulesRepository {
  /** Active schedules, optionally for one committee. */
  active(committeeId?: string): Promise<Versioned<ReminderSchedule>[]>;
  get(id: string): Promise<Versioned<ReminderSchedule> | undefined>;
  /** `reminderSchedule.created`. */
  create(schedule: NewReminderSchedule, by: ChangeBy): Promise<Result<Versioned<ReminderSchedule>>>;
  /** `reminderSchedule.stopped` (or `.replaced`); conflict when not active. */
  stop(id: string, expectedVersion: number, why: 'stopped' | 'replaced', by: ChangeBy): Promise<Result<Versioned<ReminderSchedule>>>;
}

export type Delivery = ReminderSend['deliveries'][number];
export type NewReminderSend = Omit<ReminderSend, 'finishedAt' | 'version'>;

/**
 * A send with deliveries (reminders, alerts, chasing rounds): each kind audits under its own
 * prefix (`reminder.*`, `alert.*`, `chase.*`).
 */
export interface SendsRepository<S, D, N> {
  get(id: string): Promise<Versioned<S> | undefined>;
  list(): Promise<Versioned<S>[]>;
  /** Sends started and not finished. */
  unfinished(): Promise<Versioned<S>[]>;
  /** `<prefix>.started` (state 'sending'); conflict when the send is already there (see each kind). */
  start(send: N, by: ChangeBy): Promise<Result<Versioned<S>>>;
  /** `<prefix>.<outcome>` for one delivery; not-found when the send or delivery is not there. */
  setDelivery(id: string, index: number, patch: Partial<D>, by: ChangeBy): Promise<Result<Versioned<S>>>;
  /** `<prefix>.finished`; conflict when not sending. */
  finish(id: string, at: string, by: ChangeBy): Promise<Result<Versioned<S>>>;
}

/**
 * `start` records `reminder.started` (state 'sending') or `reminder.skipped`; conflict when a send
 * with that id exists, which keeps a scheduled firing from being sent twice.
 */
export type ReminderSendsRepository = SendsRepository<ReminderSend, Delivery, NewReminderSend>;

// Alerts about meeting changes (bot/features/alerts).

export type NewAlertSend = Omit<AlertSend, 'state' | 'finishedAt' | 'version'>;

/**
 * `start` refuses (conflict) an alert whose id or change key exists, which keeps one change from
 * being alerted twice.
 */
export interface AlertSendsRepository extends SendsRepository<AlertSend, Delivery, NewAlertSend> {
  /** The alert made for a change key, if any. */
  withKey(key: string): Promise<Versioned<AlertSend> | undefined>;
}

export interface AlertSubscriptionsRepository {
  /** Active subscriptions, optionally for one committee. */
  active(committeeId?: string): Promise<Versioned<AlertSubscription>[]>;
  /** A person's subscription to a committee's alerts, active or not. */
  of(personId: string, committeeId: string): Promise<Versioned<AlertSubscription> | undefined>;
  /**
   * `alertSubscription.started` (a new one, or `.restarted` for one stopped before); conflict when
   * the person is already subscribed to that committee.
   */
  subscribe(personId: string, committeeId: string, by: ChangeBy): Promise<Result<Versioned<AlertSubscription>>>;
  /** `alertSubscription.stopped`; conflict when not active. */
  unsubscribe(id: string, expectedVersion: number, by: ChangeBy): Promise<Result<Versioned<AlertSubscription>>>;
}

// Meeting changes a sync without the bot keeps for the bot's alerts (bot/features/alerts/pending.ts).

export type NewPendingAlert = Omit<PendingAlert, 'id' | 'keptAt' | 'version'>;

export interface PendingAlertsRepository {
  /** Oldest first. */
  list(): Promise<Versioned<PendingAlert>[]>;
  /**
   * `pendingAlert.kept`, one per change; a change whose key is already kept (or already alerted)
   * is left out, so keeping the same changes twice keeps them once. Returns those newly kept.
   */
  keep(changes: readonly NewPendingAlert[], by: ChangeBy): Promise<Result<Versioned<PendingAlert>[]>>;
  /** `pendingAlert.removed`; not-found when it is not there. */
  remove(id: string, by: ChangeBy): Promise<Result<void>>;
}

// Chasing action owners (bot/features/actions).

export type ChaseTimes = Pick<ChaseSchedule, 'weekday' | 'at' | 'active'>;

export interface ChaseSchedulesRepository {
  /** Every committee's schedule (at most one each). */
  list(): Promise<Versioned<ChaseSchedule>[]>;
  forCommittee(committeeId: string): Promise<Versioned<ChaseSchedule> | undefined>;
  /**
   * `chaseSchedule.set`: creates the committee's schedule (expectedVersion null; conflict when
   * it has one) or changes it at the expected version.
   */
  set(committeeId: string, expectedVersion: number | null, times: ChaseTimes, by: ChangeBy): Promise<Result<Versioned<ChaseSchedule>>>;
}

export type ChaseDelivery = ChaseSend['deliveries'][number];
export type NewChaseSend = Omit<ChaseSend, 'finishedAt' | 'version' | 'state'>;

/** `start` refuses (conflict) a round whose id exists, so no round goes twice. */
export type ChaseSendsRepository = SendsRepository<ChaseSend, ChaseDelivery, NewChaseSend>;

export interface AuditRepository {
  /** Audit entries in the order written, optionally for one record. */
  entries(filter?: { recordType?: string; recordId?: string }): Promise<readonly AuditEntry[]>;
}

/** What a sync write did to one record. */
export type SyncOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Writes of the modern.gov sync. Each puts a whole record that modern.gov holds (the caller has
 * already merged in what the bot owns, such as a committee's clerks): a new one is created
 * (`<type>.imported`), a different one replaces the stored one (`<type>.synced`, before and
 * after the fields that differ, a new version for versioned records), and one equal to the
 * stored one changes nothing at all (no audit entry, no new version, the stored bytes kept).
 */
export interface SyncRepository {
  putCommittee(committee: Committee, by: ChangeBy): Promise<Result<SyncOutcome>>;
  putMeeting(meeting: Meeting, by: ChangeBy): Promise<Result<SyncOutcome>>;
  putPerson(person: Person, by: ChangeBy): Promise<Result<SyncOutcome>>;
  putMinutes(minutes: Minutes, by: ChangeBy): Promise<Result<SyncOutcome>>;
  /** The latest sync runs, newest first. */
  runs(): Promise<readonly SyncRun[]>;
  /**
   * Keeps a run's record beside the records (not audited; the oldest beyond MAX_SYNC_RUNS are
   * dropped). Not inside a transaction: a run is recorded whatever its committees' outcome.
   */
  recordRun(run: SyncRun): Promise<void>;
}

/** Everything a capability may read and change; inside a transaction, the same on its view. */
export interface RecordRepositories {
  council: CouncilReads;
  people: PeopleRepository;
  committees: CommitteesRepository;
  meetings: MeetingsRepository;
  agendaItems: AgendaItemsRepository;
  minutes: MinutesRepository;
  actions: ActionsRepository;
  apologies: ApologiesRepository;
  declarations: DeclarationsRepository;
  indicators: IndicatorsRepository;
  workProgramme: WorkProgrammeRepository;
  budget: BudgetRepository;
  search: SearchReads;
  linkRequests: LinkRequestsRepository;
  conversations: ConversationsRepository;
  reminderSchedules: ReminderSchedulesRepository;
  reminderSends: ReminderSendsRepository;
  alertSends: AlertSendsRepository;
  alertSubscriptions: AlertSubscriptionsRepository;
  pendingAlerts: PendingAlertsRepository;
  chaseSchedules: ChaseSchedulesRepository;
  chaseSends: ChaseSendsRepository;
  audit: AuditRepository;
  sync: SyncRepository;
}

export interface Repository extends RecordRepositories {
  /**
   * Runs `fn` as one change: its writes (and their audit entries) land together or not at all.
   * Reads inside see the transaction's own writes. A write that fails inside returns its error
   * at once (the transaction carries on only if `fn` does). Nothing lands when `fn` returns a
   * failed Result or throws, or when, at commit, a write no longer applies because a change made
   * outside a transaction landed first: then the result is that write's error (`stale`,
   * `conflict`). Transactions are decided one at a time, each on the newest records, so `fn`
   * must not wait for anything but these records (fetch first, then decide).
   */
  transaction<T>(fn: (tx: RecordRepositories) => Promise<Result<T>>): Promise<Result<T>>;
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: RepositoryError): Result<T> => ({ ok: false, error });

/**
 * Whether Teams reports something about a conversation that differs from its record (a null
 * report says nothing): what `conversations.remember` records. Lets a caller skip the write
 * when nothing changed, as it does on most turns.
 */
export function reportsChange(recorded: Conversation, seen: ConversationSeen): boolean {
  return (
    recorded.type !== seen.type ||
    (seen.installed !== null && recorded.installed !== seen.installed) ||
    (seen.personId !== null && recorded.personId !== seen.personId) ||
    (seen.teamName !== null && recorded.teamName !== seen.teamName) ||
    (seen.channelName !== null && recorded.channelName !== seen.channelName) ||
    (recorded.reference as { serviceUrl?: unknown }).serviceUrl !== seen.reference.serviceUrl
  );
}
