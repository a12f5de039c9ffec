import { z } from 'zod';

/**
 * The store's shape. Seed data (data/*.json) and the runtime file (STORE_PATH) are both
 * validated against these schemas, so a typo in the seed or a hand-edited store fails loudly.
 * Bump SCHEMA_VERSION and add a migration in migrations.ts whenever the shape changes.
 */
export const SCHEMA_VERSION = 2;

const id = z.string().min(1).max(200);
/** A calendar date, YYYY-MM-DD (Europe/London calendar). */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
/** A wall-clock time in Europe/London, HH:mm (24 h). */
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:mm');
/** An instant with its offset, as produced by Date.prototype.toISOString. */
const instant = z.string().datetime({ offset: true });
/**
 * A record's version: 1 when created, one more on every change made through the repository, so
 * a change made on a stale read is refused. Absent on records written before versions existed,
 * which read as version 1 (see recordVersion).
 */
const version = z.number().int().positive().optional();

/** The version of a record that may carry one: absent means 1. */
export function recordVersion(record: { version?: number }): number {
  return record.version ?? 1;
}

/**
 * A record that comes from modern.gov: the site (MODERNGOV_URL), modern.gov's own id, and the
 * page or document a person can open. Same shape on committees, meetings, agenda items,
 * documents and people; a committee is "synced" when it has one.
 */
export const moderngovSchema = z.object({ site: z.string(), id: z.string(), url: z.string().optional() }).optional();

/** Where a fact came from: every figure and record in the seed carries one. */
export const sourceSchema = z.object({
  document: z.string().min(1), // file name in ../shared/source-documents (or a later import)
  section: z.string().optional(), // e.g. "Minutes of 15 June 2023, minute 36"
  page: z.string().optional(), // page or page range in the printed pack, when known
});

export const personSchema = z.object({
  id,
  name: z.string().min(1), // full name without title, e.g. "Elizabeth Rigby"
  title: z.string().optional(), // "Councillor", "Mr", "Dr" ...
  kind: z.enum(['member', 'officer', 'clerk', 'other']),
  jobTitle: z.string().optional(),
  organisation: z.string().optional(), // for co-opted representatives and partner officers
  email: z.string().optional(),
  aadObjectId: z.string().optional(),
  /** Teams user id (29:...), learnt when the person first talks to the bot; opens personal chats. */
  teamsUserId: z.string().optional(),
  source: sourceSchema.optional(),
  moderngov: moderngovSchema,
  version,
});

export const membershipSchema = z.object({
  personId: id,
  role: z.enum(['chair', 'vice-chair', 'member', 'co-opted']),
  representing: z.string().optional(), // co-opted: "Church of England Representative"
  votingRights: z.boolean().optional(),
});

export const committeeSchema = z.object({
  id,
  name: z.string().min(1),
  aliases: z.array(z.string()), // "O&S", "scrutiny", "children's scrutiny" ...
  council: z.string().min(1),
  municipalYear: z.string(), // "2023/24"
  membership: z.array(membershipSchema),
  substitutes: z.array(id), // person ids
  clerkIds: z.array(id),
  quorum: z.number().int().positive(),
  /** Minutes before the meeting by which a substitution must be notified. */
  substituteNoticeMinutes: z.number().int().nonnegative().default(120),
  apologiesContact: z.string().optional(), // e.g. "Direct.Democracy@thurrock.gov.uk"
  webcastUrl: z.string().optional(),
  source: sourceSchema,
  moderngov: z.object({ site: z.string(), id: z.string(), url: z.string().optional() }).optional(),
  version,
});

export const agendaItemSchema = z.object({
  number: z.string().min(1), // "1", "6", "12a"
  title: z.string().min(1),
  description: z.string().optional(),
  pages: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
  leadOfficer: z.string().nullable(), // name and job title as printed; null when none
  restricted: z.boolean(),
  /** Schedule 12A paragraph when restricted, e.g. "1". */
  exemptParagraph: z.string().optional(),
  /** Added after the agenda was published (needs the chair's urgency reason). */
  late: z.boolean().optional(),
  urgencyReason: z.string().optional(),
  /** Papers linked to the item (modern.gov's linked documents); a restricted one is never shown. */
  documents: z
    .array(
      z.object({
        title: z.string().min(1),
        url: z.string().nullable(),
        published: isoDate.nullable(),
        restricted: z.boolean(),
        moderngov: moderngovSchema,
      }),
    )
    .optional(),
  moderngov: moderngovSchema,
});

export const meetingSchema = z.object({
  id,
  committeeId: id,
  date: isoDate,
  /** null = time to be confirmed. */
  startTime: localTime.nullable(),
  /** null = venue to be confirmed. */
  venue: z.string().nullable(),
  webcastUrl: z.string().nullable(),
  status: z.enum(['scheduled', 'held', 'cancelled']),
  cancelledReason: z.string().optional(),
  agendaPublished: isoDate.nullable(),
  agendaItems: z.array(agendaItemSchema),
  source: sourceSchema,
  /** modern.gov says the minutes are published. */
  minutesPublished: z.boolean().optional(),
  /**
   * The date a sync first found the meeting gone from modern.gov. The meeting is kept, with its
   * apologies and declarations, until a clerk settles it.
   */
  missingUpstreamSince: isoDate.optional(),
  moderngov: moderngovSchema,
  version,
});

export const minutesSchema = z.object({
  id,
  meetingId: id,
  present: z.array(id), // person ids
  apologies: z.array(z.object({ personId: id, substituteId: id.optional() })),
  inAttendance: z.array(z.object({ personId: id.optional(), name: z.string(), role: z.string().optional() })),
  items: z.array(
    z.object({
      minuteNumber: z.string(),
      title: z.string(),
      summary: z.string(),
      resolutions: z.array(z.string()),
    }),
  ),
  source: sourceSchema,
});

export const actorSchema = z.object({
  personId: id.nullable(),
  aadObjectId: z.string().nullable(),
  name: z.string().optional(),
});

/** A person named in a record: a known person id when we have one, and the name as printed. */
export const namedSchema = z.object({ personId: id.optional(), name: z.string().min(1) });

/** An action's state: done is stored as 'complete'; in progress counts as open. */
export const actionStatusSchema = z.enum(['open', 'in-progress', 'complete', 'dropped']);

/**
 * One change to an action as its history shows it: who, when, and what was set (only the
 * fields that changed). Text is kept as typed, within the limits of the commands that take it.
 */
export const actionHistoryEntrySchema = z.object({
  at: instant,
  by: actorSchema,
  onBehalfOf: id.nullable().optional(),
  kind: z.enum(['added', 'updated']),
  status: actionStatusSchema.optional(),
  rag: z.enum(['red', 'amber', 'green']).nullable().optional(),
  note: z.string().optional(),
  due: isoDate.nullable().optional(),
  dueReason: z.string().optional(),
  owner: namedSchema.nullable().optional(),
});

/** Open or in progress: an action still to be done (done and dropped ones are not). */
export function isOpenAction(action: { status: z.infer<typeof actionStatusSchema> }): boolean {
  return action.status === 'open' || action.status === 'in-progress';
}

export const actionSchema = z.object({
  id,
  reference: z.string().min(1), // "ACTION 1", "TR 4"
  /** Which list the action belongs to: the minutes of a meeting, or a named plan. */
  origin: z.object({
    kind: z.enum(['minutes', 'plan']),
    title: z.string().min(1), // "Minutes of 15 June 2023", "Thematic Review action plan"
    meetingId: id.optional(),
    minuteNumber: z.string().optional(),
  }),
  text: z.string().min(1),
  requestedBy: namedSchema.nullable(),
  owner: namedSchema.nullable(),
  due: isoDate.nullable(), // last day of the stated timescale
  dueText: z.string().nullable(), // timescale as written, e.g. "September 2023", "Ongoing"
  status: actionStatusSchema,
  rag: z.enum(['red', 'amber', 'green']).nullable(),
  update: z.string().optional(), // latest progress note (from the source, or the latest update in Teams)
  source: sourceSchema,
  /** Changes made through the bot, oldest first (absent for actions never changed in Teams). */
  history: z.array(actionHistoryEntrySchema).optional(),
  version,
});

/** A figure others are compared with: "Statistical neighbours 39 (2022/23)". */
export const comparatorSchema = z.object({
  name: z.string().min(1), // "Statistical neighbours", "National"
  value: z.number(),
  period: z.string().optional(),
  source: sourceSchema,
});

/** What a figure said before a correction replaced it, kept so the history is never lost. */
export const supersededPointSchema = z.object({
  value: z.number(),
  count: z.object({ value: z.number(), unit: z.string() }).optional(),
  comparators: z.array(comparatorSchema).optional(),
  asAt: isoDate,
  source: sourceSchema,
  recordedBy: z.lazy(() => actorSchema).optional(),
  recordedAt: instant.optional(),
  /** When, and by whom, it was replaced. */
  correctedAt: instant,
  correctedBy: z.lazy(() => actorSchema),
});

export const indicatorPointSchema = z.object({
  period: z.string().min(1), // "2021/22", "Q3 2023/24"
  periodEnd: isoDate, // for ordering; last day of the period
  value: z.number(),
  /** An accompanying count, e.g. 135 children behind a rate of 30 per 10,000. */
  count: z.object({ value: z.number(), unit: z.string() }).optional(),
  asAt: isoDate, // date the figure was reported
  source: sourceSchema,
  /**
   * Comparators reported with this figure. When present (even empty) they replace the
   * indicator's own `comparators` for this figure; the seed's figures have none.
   */
  comparators: z.array(comparatorSchema).optional(),
  /** Who recorded the figure through the bot or an import, and when; absent for the seed's. */
  recordedBy: z.lazy(() => actorSchema).optional(),
  recordedAt: instant.optional(),
  /** Earlier values of this period's figure, oldest first, each replaced by a correction. */
  corrections: z.array(supersededPointSchema).optional(),
});

/** How often an indicator is reported; a figure is overdue a cycle plus `graceDays` after the last period ended. */
export const indicatorCycleSchema = z.enum(['annual', 'quarterly', 'monthly']);

export const indicatorSchema = z.object({
  id,
  name: z.string().min(1),
  aliases: z.array(z.string()),
  unit: z.string(), // "per 10,000 children", "%", "children"
  polarity: z.enum(['higher-is-better', 'lower-is-better', 'neutral']),
  description: z.string().optional(),
  series: z.array(indicatorPointSchema).min(1),
  comparators: z.array(comparatorSchema),
  /** Reporting cycle: which periods a new figure may be for, and when the next one is due. */
  cycle: indicatorCycleSchema.optional(),
  /** Days after the next period ends before its missing figure makes the latest possibly out of date. */
  graceDays: z.number().int().nonnegative().max(366).optional(),
  /** People who keep the figures (person ids); the committee's clerks when absent. */
  ownerIds: z.array(id).optional(),
  /** Where the cycle, grace and owners come from, or the assumption made when the papers do not say. */
  scheduleSource: sourceSchema.optional(),
  version,
});

export const workProgrammeEntrySchema = z.object({
  id,
  committeeId: id,
  meetingId: id.nullable(), // null when "to be scheduled"
  topic: z.string().min(1),
  leadOfficer: z.string().nullable(),
  requestedBy: z.string().nullable(), // "Officers", "Members" ...
  status: z.string().optional(),
  source: sourceSchema,
});

export const budgetLineSchema = z.object({
  id,
  year: z.string(),
  service: z.string().min(1),
  amount: z.number(), // pounds
  kind: z.enum(['budget', 'saving', 'pressure', 'total']).default('budget'),
  source: sourceSchema,
});

export const apologySchema = z.object({
  id,
  meetingId: id,
  personId: id,
  reason: z.string().nullable(),
  substituteId: id.nullable(),
  status: z.enum(['sent', 'withdrawn']),
  recordedBy: actorSchema,
  onBehalf: z.boolean(),
  createdAt: instant,
  updatedAt: instant,
  version,
});

export const declarationSchema = z.object({
  id,
  meetingId: id,
  agendaItemNumber: z.string(),
  personId: id,
  kind: z.enum(['disclosable-pecuniary', 'other-registrable', 'non-registrable']),
  nature: z.string().min(1),
  onRegister: z.boolean(),
  status: z.enum(['declared', 'withdrawn']),
  recordedBy: actorSchema,
  onBehalf: z.boolean(),
  createdAt: instant,
  updatedAt: instant,
  version,
});

export const conversationSchema = z.object({
  id, // Teams conversation id
  type: z.enum(['personal', 'groupChat', 'channel']),
  /** The Bot Framework ConversationReference, kept as Teams sent it. */
  reference: z.record(z.string(), z.unknown()),
  tenantId: z.string().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  channelName: z.string().nullable(),
  personId: id.nullable(), // personal chats: whose
  committeeId: id.nullable(), // channels linked to a committee
  installed: z.boolean(),
  updatedAt: instant,
  version,
});

export const reminderScheduleSchema = z.object({
  id,
  committeeId: id,
  daysBefore: z.array(z.number().int().nonnegative()),
  at: localTime,
  includeMembers: z.boolean(),
  active: z.boolean(),
  createdBy: actorSchema,
  createdAt: instant,
  version,
});

/**
 * One posting of an agenda reminder and what happened to each message. Each delivery is marked
 * 'sending' (written) before its message goes, so after a crash nothing is sent twice: 'pending'
 * ones are sent on restart, 'sending' ones are reported as unknown rather than repeated.
 */
export const reminderSendSchema = z.object({
  id, // `${scheduleId}:${meetingId}:${daysBefore}` for scheduled, a uuid for "post agenda reminder"
  meetingId: id,
  scheduleId: id.nullable(),
  daysBefore: z.number().int().nullable(),
  requestedBy: actorSchema.nullable(),
  state: z.enum(['sending', 'sent', 'skipped']),
  startedAt: instant,
  finishedAt: instant.nullable(),
  version,
  deliveries: z.array(
    z.object({
      conversationId: z.string().nullable(),
      personId: id.nullable(),
      /** Who or where, as the delivery report shows it. */
      target: z.string(),
      outcome: z.enum(['pending', 'sending', 'sent', 'failed', 'unreachable', 'unknown']),
      detail: z.string().optional(),
    }),
  ),
});

/** What changed about a meeting, as bot/features/alerts/changes.ts describes it (stored with its alert). */
const alertPaperSchema = z.object({ title: z.string(), url: z.string().nullable(), published: z.string().nullable() });
export const meetingChangeKindSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agendaPublished') }),
  z.object({ kind: z.literal('papersAdded'), papers: z.array(alertPaperSchema) }),
  z.object({ kind: z.literal('papersReplaced'), papers: z.array(alertPaperSchema) }),
  z.object({
    kind: z.literal('moved'),
    from: z.object({ date: z.string(), startTime: z.string().nullable() }),
    to: z.object({ date: z.string(), startTime: z.string().nullable() }),
  }),
  z.object({ kind: z.literal('venueChanged'), from: z.string().nullable(), to: z.string().nullable() }),
  z.object({ kind: z.literal('cancelled'), reason: z.string().nullable() }),
  z.object({ kind: z.literal('minutesPublished') }),
]);

/**
 * One alert about a meeting change, to the committee's linked channels and the members who asked
 * for alerts. Its id comes from the change's key, so one change is alerted once. As with agenda
 * reminders, each delivery is marked 'sending' (written) before its message goes: after a crash,
 * 'pending' ones are sent and 'sending' ones reported as unknown, never repeated.
 */
export const alertSendSchema = z.object({
  id,
  /** The change's key (MeetingChange.key), as the sync or the clerk's command made it. */
  key: z.string().min(1),
  meetingId: id,
  committeeId: id,
  /** 'modern.gov', or the id of the clerk whose command made the change. */
  source: z.string().min(1),
  changes: z.array(meetingChangeKindSchema),
  state: z.enum(['sending', 'sent']),
  startedAt: instant,
  finishedAt: instant.nullable(),
  version,
  deliveries: reminderSendSchema.shape.deliveries,
});

/**
 * A meeting change found by a sync that ran without the bot (`npm run sync`), kept until the bot
 * starts and hands it to the alerts; removed once it has been (an alert send then holds its key).
 */
export const pendingAlertSchema = alertSendSchema
  .pick({ id: true, key: true, meetingId: true, committeeId: true, source: true, changes: true, version: true })
  .extend({ keptAt: instant });

/** A member who asked, in their personal chat, to be alerted when a committee's papers change. */
export const alertSubscriptionSchema = z.object({
  id,
  personId: id,
  committeeId: id,
  active: z.boolean(),
  createdAt: instant,
  updatedAt: instant,
  version,
});

/**
 * Someone whose Teams display name matches a person who is not yet linked, asking (implicitly)
 * to be recognised as them. A name proves nothing: the sender stays a guest until a clerk
 * confirms, which records their object id on the person. One pending request per account.
 */
export const linkRequestSchema = z.object({
  id,
  personId: id,
  /** The claimant's Entra object id: what a confirmation records on the person. */
  aadObjectId: z.string().min(1).max(200),
  teamsUserId: z.string().max(200).nullable(),
  /** As Teams reported them when the request was made (shown to the clerk). */
  displayName: z.string().max(500).nullable(),
  userPrincipalName: z.string().max(500).nullable(),
  email: z.string().max(500).nullable(),
  tenantId: z.string().max(200).nullable(),
  status: z.enum(['pending', 'confirmed', 'rejected']),
  createdAt: instant,
  decidedAt: instant.nullable(),
  decidedBy: actorSchema.nullable(),
  version,
});

/**
 * When action owners are chased for a committee: a weekly digest on `weekday` (0 Sunday to 6
 * Saturday) at `at`, London time. The newest record for a committee is the one in force; a
 * committee with none is chased on Mondays at 9.00 am. `active` false: "stop chasing".
 */
export const chaseScheduleSchema = z.object({
  id,
  committeeId: id,
  weekday: z.number().int().min(0).max(6),
  at: localTime,
  active: z.boolean(),
  createdBy: actorSchema,
  createdAt: instant,
  version,
});

/**
 * One chasing round: the weekly digest to action owners (`weekly`, once per committee and
 * week) or the clerk's overdue summary before a meeting (`pre-meeting`, once per meeting). As
 * with reminders, each delivery is marked 'sending' (written) before its message goes, and one
 * left 'sending' by a crash is reported as unknown, never sent again.
 */
export const chaseSendSchema = z.object({
  id, // `weekly:${committeeId}:${monday}` or `pre-meeting:${meetingId}`
  kind: z.enum(['weekly', 'pre-meeting']),
  committeeId: id,
  /** Weekly: the Monday of the week chased (YYYY-MM-DD). Pre-meeting: the meeting's id. */
  period: z.string().min(1),
  state: z.enum(['sending', 'sent']),
  startedAt: instant,
  finishedAt: instant.nullable(),
  version,
  deliveries: z.array(
    z.object({
      conversationId: z.string().nullable(),
      personId: id.nullable(),
      target: z.string(),
      /** The actions the message lists, as their ids (what was chased). */
      actionIds: z.array(id),
      outcome: z.enum(['pending', 'sending', 'sent', 'failed', 'unreachable', 'unknown']),
      detail: z.string().optional(),
    }),
  ),
});

export const auditEntrySchema = z.object({
  id,
  at: instant,
  actor: actorSchema,
  onBehalfOf: id.nullable(),
  kind: z.string().min(1), // "apology.sent", "meeting.moved" ...
  recordType: z.string().min(1),
  recordId: id,
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

/**
 * One run of the modern.gov sync: when, what it changed per committee, and its problems. Kept
 * beside the records, never in them, so a run that changes nothing leaves every record (and the
 * audit trail) as it was. Only the latest runs are kept (see MAX_SYNC_RUNS).
 */
export const syncRunSchema = z.object({
  id,
  startedAt: instant,
  finishedAt: instant,
  site: z.string(),
  ok: z.boolean(),
  committees: z.array(
    z.object({
      committeeId: id.nullable(),
      moderngovId: z.string(),
      name: z.string(),
      outcome: z.enum(['synced', 'failed']),
      created: z.number().int().nonnegative(),
      updated: z.number().int().nonnegative(),
      cancelled: z.number().int().nonnegative(),
      unchanged: z.number().int().nonnegative(),
      notes: z.array(z.string()),
      error: z.string().optional(),
    }),
  ),
  problems: z.array(z.string()),
});
export const MAX_SYNC_RUNS = 50;

/** The committee's reference data, as held in data/ (facts from the source documents). */
export const seedSchema = z.object({
  council: z.object({ name: z.string().min(1), timeZone: z.literal('Europe/London') }),
  people: z.array(personSchema),
  /** Empty for a council whose committees are still to come (SEED_DIR=none, before a sync). */
  committees: z.array(committeeSchema),
  meetings: z.array(meetingSchema),
  minutes: z.array(minutesSchema),
  actions: z.array(actionSchema),
  indicators: z.array(indicatorSchema),
  workProgramme: z.array(workProgrammeEntrySchema),
  budget: z.array(budgetLineSchema),
});

/** The runtime store: the seed plus everything recorded through the bot. */
export const storeSchema = seedSchema.extend({
  schemaVersion: z.literal(SCHEMA_VERSION),
  apologies: z.array(apologySchema),
  declarations: z.array(declarationSchema),
  conversations: z.array(conversationSchema),
  reminderSchedules: z.array(reminderScheduleSchema),
  reminderSends: z.array(reminderSendSchema),
  linkRequests: z.array(linkRequestSchema),
  chaseSchedules: z.array(chaseScheduleSchema).default([]),
  chaseSends: z.array(chaseSendSchema).default([]),
  audit: z.array(auditEntrySchema),
  alertSends: z.array(alertSendSchema).default([]),
  alertSubscriptions: z.array(alertSubscriptionSchema).default([]),
  syncRuns: z.array(syncRunSchema).default([]),
  pendingAlerts: z.array(pendingAlertSchema).default([]),
});

export type Source = z.infer<typeof sourceSchema>;
export type Person = z.infer<typeof personSchema>;
export type Committee = z.infer<typeof committeeSchema>;
export type Membership = z.infer<typeof membershipSchema>;
export type AgendaItem = z.infer<typeof agendaItemSchema>;
export type Meeting = z.infer<typeof meetingSchema>;
export type Minutes = z.infer<typeof minutesSchema>;
export type Action = z.infer<typeof actionSchema>;
export type ActionStatus = z.infer<typeof actionStatusSchema>;
export type ActionHistoryEntry = z.infer<typeof actionHistoryEntrySchema>;
export type ChaseSchedule = z.infer<typeof chaseScheduleSchema>;
export type ChaseSend = z.infer<typeof chaseSendSchema>;
export type Indicator = z.infer<typeof indicatorSchema>;
export type IndicatorPoint = z.infer<typeof indicatorPointSchema>;
export type Comparator = z.infer<typeof comparatorSchema>;
export type IndicatorCycle = z.infer<typeof indicatorCycleSchema>;
export type WorkProgrammeEntry = z.infer<typeof workProgrammeEntrySchema>;
export type BudgetLine = z.infer<typeof budgetLineSchema>;
export type Actor = z.infer<typeof actorSchema>;
export type Apology = z.infer<typeof apologySchema>;
export type Declaration = z.infer<typeof declarationSchema>;
export type Conversation = z.infer<typeof conversationSchema>;
export type ReminderSchedule = z.infer<typeof reminderScheduleSchema>;
export type ReminderSend = z.infer<typeof reminderSendSchema>;
export type LinkRequest = z.infer<typeof linkRequestSchema>;
export type AlertSend = z.infer<typeof alertSendSchema>;
export type AlertSubscription = z.infer<typeof alertSubscriptionSchema>;
export type PendingAlert = z.infer<typeof pendingAlertSchema>;
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type ModernGovRef = NonNullable<z.infer<typeof moderngovSchema>>;
export type AgendaDocument = NonNullable<AgendaItem['documents']>[number];
export type SyncRun = z.infer<typeof syncRunSchema>;
export type Seed = z.infer<typeof seedSchema>;
export type StoreData = z.infer<typeof storeSchema>;
