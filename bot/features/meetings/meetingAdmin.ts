import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { formatDate, formatDateTime, formatShortDate, londonDate, londonInstant } from '../../format';
import { isUpcoming } from '../../store/meetingTime';
import type { ChangeBy, RepositoryError, Versioned } from '../../store/repository';
import type { AgendaItem, Committee, Meeting } from '../../store/schema';
import type { NamedRange, WhenParsed } from '../../recognition/commands';
import { messageAnswer, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import { meetingCardFor, meetingFor, theCommittee, unmatchedMeeting } from './meetings';
import { clerkOnly, committeeOf, isClerkOf, personLabel } from '../shared/guards';
import { cleanText } from '../shared/text';
import { noCommitteesAnswer } from '../shared/noCommittees';
import { managedInModernGov } from './moderngovOwned';
import { addWorkingDays, agendaPublicationDeadline } from './workingDays';
import { alertClerkChange, movedChanges } from '../alerts/alerts';

/**
 * Clerks keep the committee calendar in Teams: add, move and cancel meetings, publish agendas
 * and add items. Only clerks may; every change is audited (by the repository) and confirmed with
 * the meeting card. Anything the clerk might have meant two ways is confirmed back before it is
 * saved. A change names the meeting's version it was decided on (a confirm card carries it): when
 * the meeting changed meanwhile (another clerk, the sync), nothing is overwritten and the clerk
 * is shown the meeting as it is now and asked again.
 */
const MAX_VENUE = 200;
const MAX_TITLE = 300;

function describe(date: string, time: string | null): string {
  return time ? formatDateTime(londonInstant(date, time)) : `${formatDate(date)}, time to be confirmed`;
}

function confirmAnswer(title: string, lines: string[], confirmLabel: string, confirmData: Record<string, unknown>): Answer {
  return { template: 'confirm', view: { summary: [title, ...lines].join(' '), title, lines, confirmLabel, confirmData } };
}

const changeBy = (ctx: QuestionContext): ChangeBy => ({ actor: ctx.identity.actor });

/** The meeting as it is now, for a clerk asked again after it changed. */
function meetingNow(meeting: Meeting): string {
  const where = meeting.venue ?? 'venue to be confirmed';
  const status = meeting.status === 'cancelled' ? `; cancelled${meeting.cancelledReason ? `: ${meeting.cancelledReason}` : ''}` : '';
  const agenda = meeting.agendaPublished ? `agenda published on ${formatDate(meeting.agendaPublished)}` : 'agenda not yet published';
  const items = meeting.agendaItems.length;
  return `${describe(meeting.date, meeting.startTime)}, ${where}${status}; ${agenda}, ${items} item${items === 1 ? '' : 's'}.`;
}

/**
 * The confirm card again, for a change decided on an older version of the meeting: says nothing
 * was changed, shows the meeting as it is now, and carries the version now shown.
 */
function askAgain(
  fresh: Versioned<Meeting>,
  question: string,
  lines: string[],
  confirmLabel: string,
  confirmData: Record<string, unknown>,
): Answer {
  return confirmAnswer(
    'That confirmation is out of date',
    [
      'The meeting changed after this was shown to you, so nothing has been changed.',
      `The meeting is now: ${meetingNow(fresh)}`,
      ...lines,
      question,
    ],
    confirmLabel,
    { ...confirmData, version: fresh.version },
  );
}

/** A card submit names the version it showed; one without a number (an older card) counts as stale. */
const shownVersion = (data: unknown): number => (typeof data === 'number' && Number.isInteger(data) ? data : -1);
const isStale = (error: RepositoryError) => error.kind === 'stale';

/**
 * The upcoming meeting a command means: on the date given, in the month or year named, or the
 * next one when no date is named. A date that matches no meeting ahead (or names no real day)
 * changes nothing: the clerk is told what was not matched and offered the meetings ahead.
 */
async function targetMeeting(
  ctx: QuestionContext,
  committee: Committee,
  when: WhenParsed | null,
  named: NamedRange | null = null,
): Promise<Versioned<Meeting> | Answer> {
  const ask = (m: Meeting) => `agenda for ${formatShortDate(m.date)}`;
  if (named && !named.range) {
    return unmatchedMeeting(ctx, committee.id, `There is no such date as ${named.text}, so I could not match it to a meeting.`, ask, {});
  }
  const date = when
    ? { from: when.date, to: when.date, text: formatDate(when.date) }
    : named?.range
      ? { ...named.range, text: named.text }
      : undefined;
  const found = await meetingFor(ctx.records, committee.id, ctx.now, date ? { date } : {});
  if (found.kind === 'one') return found.meeting;
  if (found.kind === 'choose') {
    if (!when) {
      return unmatchedMeeting(
        ctx,
        committee.id,
        `${theCommittee(committee)} has more than one meeting ahead in ${named!.text}: please name the day.`,
        ask,
        {},
      );
    }
    return messageAnswer('Two meetings that day', [
      'More than one meeting of the committee is on that date. Please ask Democratic Services to correct the calendar.',
    ]);
  }
  if (!date) {
    return messageAnswer('Meeting not found', [
      `The ${committee.name} has no upcoming meeting. Nothing has been changed.`,
      'Add one with: add meeting on <date> at <time> in <venue>.',
    ]);
  }
  return unmatchedMeeting(
    ctx,
    committee.id,
    when
      ? `There is no upcoming meeting of the ${committee.name} on ${formatDate(when.date)}.`
      : `There is no upcoming meeting of the ${committee.name} in ${named!.text}.`,
    ask,
    {},
  );
}

const isAnswer = <T extends object>(x: T | Answer): x is Answer => 'template' in x;

function checkWhen(ctx: QuestionContext, date: unknown, time: unknown): { date: string; time: string | null } | Answer {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
    return messageAnswer('Date needed', ['Say the date, for example: add meeting on 14 March 2024 at 7pm in Committee Room 2.']);
  }
  const t = typeof time === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(time) ? time : null;
  if (londonInstant(date, t ?? '23:59').getTime() <= ctx.now.getTime()) {
    return messageAnswer('That date has passed', [
      `${describe(date, t)} is in the past. Meetings can only be added or moved to a future date.`,
    ]);
  }
  return { date, time: t };
}

export async function addMeeting(
  ctx: QuestionContext,
  input: { committeeId?: unknown; date?: unknown; time?: unknown; venue?: unknown; doubts?: string[] },
): Promise<Answer> {
  const committee = typeof input.committeeId === 'string' ? await ctx.records.committees.get(input.committeeId) : await committeeOf(ctx);
  if (!committee) return messageAnswer('Committee not found', ['I could not find that committee. Nothing has been added.']);
  const refused =
    (await clerkOnly(ctx, committee, (clerk) => `Adding meetings is for the committee's clerk, ${clerk}.`)) ??
    managedInModernGov(committee, 'Adding a meeting');
  if (refused) return refused;
  const when = checkWhen(ctx, input.date, input.time);
  if ('template' in when) return when;
  const venue = typeof input.venue === 'string' && input.venue.trim() ? cleanText(input.venue, MAX_VENUE) : null;
  if (input.doubts && input.doubts.length > 0) {
    return confirmAnswer(
      'Add this meeting?',
      [
        `${committee.name}: ${describe(when.date, when.time)}${venue ? `, ${venue}` : ', venue to be confirmed'}.`,
        `Please check: ${input.doubts.join('; ')}.`,
      ],
      'Yes, add it',
      { verb: 'meeting.add', committeeId: committee.id, date: when.date, time: when.time ?? '', venue: venue ?? '' },
    );
  }
  const added = await ctx.records.meetings.add(
    {
      committeeId: committee.id,
      date: when.date,
      startTime: when.time,
      venue,
      webcastUrl: committee.webcastUrl ?? null,
      source: {
        document: 'Committee Assistant',
        section: `Added in Teams by ${ctx.identity.actor.name ?? 'the clerk'} on ${formatShortDate(ctx.now)}`,
      },
    },
    changeBy(ctx),
  );
  if (!added.ok) {
    const clash = (await ctx.records.meetings.between(committee.id, when.date, when.date)).find((m) => m.status !== 'cancelled');
    return messageAnswer('Already a meeting that day', [
      `The ${committee.name} already meets on ${describe(clash?.date ?? when.date, clash ? clash.startTime : when.time)}. To change it, say "move the ${formatShortDate(when.date)} meeting to <date>".`,
    ]);
  }
  const meeting = added.value;
  return meetingCardFor(ctx, committee, meeting, [
    `Meeting added: ${describe(meeting.date, meeting.startTime)}.`,
    `The agenda must be published by ${formatDate(agendaPublicationDeadline(meeting.date))} (five clear working days before).`,
  ]);
}

export async function moveMeeting(
  ctx: QuestionContext,
  input: {
    meetingId?: unknown;
    version?: unknown;
    from?: WhenParsed | null;
    fromNamed?: NamedRange | null;
    date?: unknown;
    time?: unknown;
    venue?: unknown;
    doubts?: string[];
  },
): Promise<Answer> {
  const fromCard = typeof input.meetingId === 'string';
  const found = fromCard
    ? ((await ctx.records.meetings.get(input.meetingId as string)) ??
      messageAnswer('Meeting not found', ['That meeting no longer exists. Nothing has been changed.']))
    : await targetMeeting(ctx, await committeeOf(ctx), input.from ?? null, input.fromNamed ?? null);
  if (isAnswer(found)) return found;
  const meetingCommittee = (await ctx.records.committees.get(found.committeeId))!;
  const refused =
    (await clerkOnly(ctx, meetingCommittee, (clerk) => `Moving meetings is for the committee's clerk, ${clerk}.`)) ??
    managedInModernGov(meetingCommittee, 'Moving a meeting');
  if (refused) return refused;
  if (!isUpcoming(found, ctx.now))
    return messageAnswer('Meeting has started', ['Only meetings that have not yet started (and are not cancelled) can be moved.']);
  const when = checkWhen(ctx, input.date ?? found.date, input.time ?? (input.date ? null : found.startTime));
  if ('template' in when) return when;
  const venue = typeof input.venue === 'string' && input.venue.trim() ? cleanText(input.venue, MAX_VENUE) : found.venue;
  const proposal = `From ${describe(found.date, found.startTime)} to ${describe(when.date, when.time)}${venue ? `, ${venue}` : ''}.`;
  const confirmData = { verb: 'meeting.move', meetingId: found.id, date: when.date, time: when.time ?? '', venue: venue ?? '' };
  if (fromCard && shownVersion(input.version) !== found.version) {
    return askAgain(found, 'Move it?', [proposal], 'Yes, move it', confirmData);
  }
  if (input.doubts && input.doubts.length > 0) {
    return confirmAnswer('Move this meeting?', [proposal, `Please check: ${input.doubts.join('; ')}.`], 'Yes, move it', {
      ...confirmData,
      version: found.version,
    });
  }
  const before = { date: found.date, startTime: found.startTime, venue: found.venue };
  const result = await ctx.records.meetings.move(found.id, found.version, { date: when.date, startTime: when.time, venue }, changeBy(ctx));
  if (!result.ok) {
    // Changed since it was read: ask again on the meeting as it is now (the stale version forces it).
    if (isStale(result.error)) return moveMeeting(ctx, { ...confirmData, version: found.version });
    return messageAnswer('Meeting not found', ['That meeting has been cancelled or removed. Nothing has been changed.']);
  }
  const moved = result.value;
  const apologies = (await ctx.records.apologies.forMeeting(moved.id)).filter((a) => a.status === 'sent').length;
  const told = await alertClerkChange(ctx, moved, movedChanges(before, moved));
  return meetingCardFor(ctx, meetingCommittee, moved, [
    `Meeting moved from ${describe(before.date, before.startTime)} to ${describe(moved.date, moved.startTime)}.`,
    ...(apologies
      ? [`${apologies} ${apologies === 1 ? 'apology stays' : 'apologies stay'} recorded against it; members may want to check.`]
      : []),
    ...told,
  ]);
}

type MeetingInput = { meetingId?: unknown; when?: WhenParsed | null; named?: NamedRange | null };

/**
 * The meeting a clerk's change is about (a card's meeting, or the one the words name) and its
 * committee; an answer instead when the meeting is gone, the person is not the clerk
 * (`clerksJob`: "Cancelling meetings"), the committee is run from modern.gov (`change`:
 * "Cancelling a meeting"), or no meeting matches.
 */
async function clerksMeeting(
  ctx: QuestionContext,
  input: MeetingInput,
  clerksJob: string,
  change: string,
): Promise<{ fromCard: boolean; committee: Committee; found: Versioned<Meeting> } | Answer> {
  const fromCard = typeof input.meetingId === 'string';
  const target = fromCard ? await ctx.records.meetings.get(input.meetingId as string) : undefined;
  const targetCommittee = target ? await ctx.records.committees.get(target.committeeId) : undefined;
  if (fromCard && (!target || !targetCommittee))
    return messageAnswer('Meeting not found', ['That meeting no longer exists. Nothing has been changed.']);
  const committee = targetCommittee ?? (await committeeOf(ctx));
  const refused =
    (await clerkOnly(ctx, committee, (clerk) => `${clerksJob} is for the committee's clerk, ${clerk}.`)) ??
    managedInModernGov(committee, change);
  if (refused) return refused;
  const found = target ?? (await targetMeeting(ctx, committee, input.when ?? null, input.named ?? null));
  if (isAnswer(found)) return found;
  return { fromCard, committee, found };
}

export async function cancelMeeting(
  ctx: QuestionContext,
  input: { meetingId?: unknown; version?: unknown; when?: WhenParsed | null; named?: NamedRange | null; reason: unknown },
): Promise<Answer> {
  const chosen = await clerksMeeting(ctx, input, 'Cancelling meetings', 'Cancelling a meeting');
  if (isAnswer(chosen)) return chosen;
  const { fromCard, committee, found } = chosen;
  const reason = typeof input.reason === 'string' ? cleanText(input.reason, MAX_TITLE) : '';
  if (!reason) {
    return messageAnswer('Reason needed', [
      `Please give the reason, for example: cancel the meeting on ${formatShortDate(found.date)} because there is no business.`,
    ]);
  }
  if (found.status === 'cancelled') return messageAnswer('Already cancelled', ['That meeting was already cancelled.']);
  if (!isUpcoming(found, ctx.now))
    return messageAnswer('Meeting has started', ['Only meetings that have not yet started can be cancelled. Nothing has been changed.']);
  const confirmData = { verb: 'meeting.cancel', meetingId: found.id, reason };
  if (fromCard && shownVersion(input.version) !== found.version) {
    return askAgain(found, `Cancel it because ${reason}?`, [], 'Yes, cancel it', confirmData);
  }
  const result = await ctx.records.meetings.cancel(found.id, found.version, reason, changeBy(ctx));
  if (!result.ok) {
    if (isStale(result.error)) return cancelMeeting(ctx, { ...confirmData, version: found.version });
    return messageAnswer('Already cancelled', ['That meeting was already cancelled.']);
  }
  const cancelled = result.value;
  const told = await alertClerkChange(ctx, cancelled, [{ kind: 'cancelled', reason }]);
  return meetingCardFor(ctx, committee, cancelled, [`Meeting cancelled: ${reason}.`, ...told]);
}

export async function publishAgenda(
  ctx: QuestionContext,
  input: { meetingId?: unknown; version?: unknown; when?: WhenParsed | null; named?: NamedRange | null },
): Promise<Answer> {
  const chosen = await clerksMeeting(ctx, input, 'Publishing agendas', 'Publishing an agenda');
  if (isAnswer(chosen)) return chosen;
  const { fromCard, committee, found } = chosen;
  if (found.agendaPublished) {
    return meetingCardFor(ctx, committee, found, [`The agenda was already published on ${formatDate(found.agendaPublished)}.`]);
  }
  if (!isUpcoming(found, ctx.now))
    return messageAnswer('Meeting not open for changes', ['That meeting has been cancelled or has taken place. Nothing has been changed.']);
  const confirmData = { verb: 'meeting.publishAgenda', meetingId: found.id };
  if (fromCard && shownVersion(input.version) !== found.version) {
    return askAgain(found, 'Record the agenda as published today?', [], 'Yes, published', confirmData);
  }
  const today = londonDate(ctx.now);
  const result = await ctx.records.meetings.publishAgenda(found.id, found.version, today, changeBy(ctx));
  if (!result.ok) {
    if (isStale(result.error)) return publishAgenda(ctx, { ...confirmData, version: found.version });
    return messageAnswer('Already published', ['The agenda was published meanwhile.']);
  }
  const published = result.value;
  const deadline = agendaPublicationDeadline(published.date);
  const told = await alertClerkChange(ctx, published, [{ kind: 'agendaPublished' }]);
  return meetingCardFor(ctx, committee, published, [
    `Agenda published on ${formatDate(today)}.`,
    today > deadline
      ? `This is after the statutory deadline of ${formatDate(deadline)} (five clear working days before the meeting). Items may need the chair's urgency reasons.`
      : `This is within the deadline of ${formatDate(deadline)}.`,
    ...told,
  ]);
}

interface AgendaItemProposal {
  meetingId: string;
  number: string;
  title: string;
  leadOfficer: string | null;
  restricted: boolean;
}

/**
 * Confirm buttons for an agenda item carry what will be saved and the meeting's version, sealed
 * with a key that lives only in this process: a button whose fields were changed, that was made
 * for another clerk, or that was made before a restart is refused; one made on an older version
 * of the meeting is asked again on the meeting as it is now.
 */
const SEAL_KEY = randomBytes(32);

function seal(ctx: QuestionContext, version: number, p: AgendaItemProposal): string {
  const fields = [p.meetingId, p.number, p.title, p.leadOfficer, p.restricted, ctx.identity.person?.id ?? null, version];
  return createHmac('sha256', SEAL_KEY).update(JSON.stringify(fields)).digest('base64url');
}

function agendaItemLines(committee: Committee, meeting: Meeting, proposal: AgendaItemProposal): string[] {
  return [
    `Meeting: ${committee.name}, ${formatDate(meeting.date)}`,
    `Item: ${proposal.number}`,
    `Title: ${proposal.title}`,
    `Lead officer: ${proposal.leadOfficer ?? 'none'}`,
    `Restricted (not for publication): ${proposal.restricted ? 'yes' : 'no'}`,
  ];
}

function itemNumberInUse(meeting: Meeting, number: string): Answer | null {
  if (!meeting.agendaItems.some((i) => i.number.toLowerCase() === number.toLowerCase())) return null;
  return messageAnswer('Item number in use', [
    `Item ${number} is already on the agenda for ${formatShortDate(meeting.date)}. Choose another number.`,
  ]);
}

/** The agenda item's confirm card asked again on the meeting as it is now (still open, number still free). */
function askAgainAgendaItem(ctx: QuestionContext, committee: Committee, fresh: Versioned<Meeting>, proposal: AgendaItemProposal): Answer {
  if (!isUpcoming(fresh, ctx.now)) {
    return messageAnswer('Meeting not open for changes', ['That meeting has been cancelled or has taken place. Nothing has been added.']);
  }
  const inUse = itemNumberInUse(fresh, proposal.number);
  if (inUse) return inUse;
  return askAgain(fresh, 'Add this agenda item?', agendaItemLines(committee, fresh, proposal), 'Yes, add it', {
    verb: 'agendaItem.add',
    ...proposal,
    seal: seal(ctx, fresh.version, proposal),
  });
}

export async function addAgendaItem(
  ctx: QuestionContext,
  input: {
    number: string | null;
    title: string | null;
    leadOfficer: string | null;
    restricted: boolean;
    when: WhenParsed | null;
    named?: NamedRange | null;
    doubts?: string[];
  },
): Promise<Answer> {
  const committee = await committeeOf(ctx);
  const refused =
    (await clerkOnly(ctx, committee, (clerk) => `Changing the agenda is for the committee's clerk, ${clerk}.`)) ??
    managedInModernGov(committee, 'Adding an agenda item');
  if (refused) return refused;
  const found = await targetMeeting(ctx, committee, input.when, input.named ?? null);
  if (isAnswer(found)) return found;
  const title = input.title ? cleanText(input.title, MAX_TITLE) : '';
  if (!input.number || !title) {
    return messageAnswer('Item number and title needed', [
      'For example: add agenda item 11 Budget monitoring lead officer Jane Doe (add "restricted" for an exempt item).',
    ]);
  }
  const proposal: AgendaItemProposal = {
    meetingId: found.id,
    number: input.number,
    title,
    leadOfficer: input.leadOfficer ? cleanText(input.leadOfficer, MAX_TITLE) : null,
    restricted: input.restricted,
  };
  if (input.doubts && input.doubts.length > 0) {
    const inUse = itemNumberInUse(found, proposal.number);
    if (inUse) return inUse;
    return confirmAnswer(
      'Add this agenda item?',
      [
        ...agendaItemLines(committee, found, proposal),
        `Please check: ${input.doubts.join('; ')}. To save it differently, type the command again with the title in quotes, for example: add agenda item 12 "Payment to contractor" restricted lead officer Jane Doe for 16 November.`,
      ],
      'Yes, add it',
      { verb: 'agendaItem.add', ...proposal, version: found.version, seal: seal(ctx, found.version, proposal) },
    );
  }
  return saveAgendaItem(ctx, committee, found, proposal);
}

/** The clerk's "Yes, add it" on an agenda item's confirm card. */
export async function confirmAgendaItem(ctx: QuestionContext, data: Record<string, unknown>): Promise<Answer> {
  const meeting = typeof data.meetingId === 'string' ? await ctx.records.meetings.get(data.meetingId) : undefined;
  const committee = meeting ? await ctx.records.committees.get(meeting.committeeId) : undefined;
  if (!meeting || !committee) return messageAnswer('Meeting not found', ['That meeting no longer exists. Nothing has been added.']);
  const refused =
    (await clerkOnly(ctx, committee, (clerk) => `Changing the agenda is for the committee's clerk, ${clerk}.`)) ??
    managedInModernGov(committee, 'Adding an agenda item');
  if (refused) return refused;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const proposal = {
    meetingId: meeting.id,
    number: str(data.number),
    title: str(data.title),
    leadOfficer: str(data.leadOfficer),
    restricted: data.restricted,
  };
  const stale = messageAnswer('That confirmation is out of date', [
    'The button was not the one I sent, or I have restarted since. Nothing has been added. Type the command again to get a fresh card.',
  ]);
  if (!proposal.number || !proposal.title || typeof proposal.restricted !== 'boolean' || typeof data.seal !== 'string') return stale;
  const checked = proposal as AgendaItemProposal;
  const version = shownVersion(data.version);
  const expected = Buffer.from(seal(ctx, version, checked));
  const given = Buffer.from(data.seal);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return stale;
  if (version !== meeting.version) return askAgainAgendaItem(ctx, committee, meeting, checked);
  if (!isUpcoming(meeting, ctx.now)) {
    return messageAnswer('Meeting not open for changes', ['That meeting has been cancelled or has taken place. Nothing has been added.']);
  }
  return saveAgendaItem(ctx, committee, meeting, checked);
}

async function saveAgendaItem(
  ctx: QuestionContext,
  committee: Committee,
  found: Versioned<Meeting>,
  proposal: AgendaItemProposal,
): Promise<Answer> {
  const { number, title } = proposal;
  const late = found.agendaPublished !== null;
  const item: AgendaItem = {
    number,
    title,
    pages: null,
    leadOfficer: proposal.leadOfficer,
    restricted: proposal.restricted,
    ...(late ? { late: true } : {}),
  };
  // The audit entry names the item added, beside the agenda before and after.
  const added = await ctx.records.agendaItems.add(found.id, found.version, item, { ...changeBy(ctx), note: { ...item } });
  if (!added.ok) {
    if (added.error.kind === 'not-found') return messageAnswer('Meeting not found', ['That meeting no longer exists.']);
    if (isStale(added.error)) {
      const fresh = await ctx.records.meetings.get(found.id);
      if (!fresh) return messageAnswer('Meeting not found', ['That meeting no longer exists.']);
      return askAgainAgendaItem(ctx, committee, fresh, proposal);
    }
    return (
      itemNumberInUse(found, number) ??
      messageAnswer('Item number in use', [`Item ${number} is already on the agenda. Choose another number.`])
    );
  }
  if (late) {
    return {
      template: 'urgency-form',
      view: {
        summary: `Item ${number} added after the agenda was published: it is a late item and needs the chair's reason for urgency.`,
        title: `Late item ${number} added`,
        lines: [
          `"${title}" was added after the agenda was published on ${formatDate(found.agendaPublished!)}, so it is a late item.`,
          'The chair must agree it is urgent and the reason is recorded in the minutes (Local Government Act 1972, s100B(4)(b)). Record the reason here:',
        ],
        submitData: { verb: 'agendaItem.urgency', meetingId: found.id, number },
      },
    };
  }
  return meetingCardFor(ctx, committee, added.value, [`Item ${number} added: ${title}${proposal.restricted ? ' (restricted)' : ''}.`]);
}

export async function recordUrgencyReason(
  ctx: QuestionContext,
  input: { meetingId: unknown; number: unknown; reason: unknown },
): Promise<Answer> {
  const meeting = typeof input.meetingId === 'string' ? await ctx.records.meetings.get(input.meetingId) : undefined;
  const committee = meeting ? await ctx.records.committees.get(meeting.committeeId) : undefined;
  if (!meeting || !committee) return messageAnswer('Meeting not found', ['That meeting no longer exists. Nothing has been recorded.']);
  const refused = await clerkOnly(ctx, committee, (clerk) => `Recording urgency reasons is for the committee's clerk, ${clerk}.`);
  if (refused) return refused;
  const reason = typeof input.reason === 'string' ? cleanText(input.reason, 1000) : '';
  if (!reason) return messageAnswer('Reason needed', ["Please type the chair's reason for urgency. Nothing has been recorded."]);
  const number = typeof input.number === 'string' ? input.number : '';
  // The reason is the chair's for that item whatever else changed on the meeting: no version check.
  const recorded = await ctx.records.agendaItems.setUrgencyReason(meeting.id, number, reason, {
    ...changeBy(ctx),
    note: { item: number, urgencyReason: reason },
  });
  if (!recorded.ok) return messageAnswer('Item not found', ['That agenda item is no longer on the agenda. Nothing has been recorded.']);
  return meetingCardFor(ctx, committee, recorded.value, [`Urgency reason recorded for item ${number}: ${reason}`]);
}

/** "agenda deadlines": each upcoming meeting's publication deadline, flagged when at risk. */
export async function agendaDeadlines(ctx: QuestionContext): Promise<Answer> {
  const committees = (await ctx.records.committees.all()).filter((c) => isClerkOf(ctx.identity, c) || c.id === ctx.committeeId);
  const first = committees[0] ?? (await ctx.records.committees.all())[0];
  if (!first) return noCommitteesAnswer(await ctx.records.council.name());
  const refused = await clerkOnly(ctx, first, (clerk) => `The agenda deadline list is for the committee's clerk, ${clerk}.`);
  if (refused) return refused;
  const today = londonDate(ctx.now);
  const ahead = await Promise.all(committees.map((c) => ctx.records.meetings.notStarted(c.id, ctx.now)));
  const rows = committees.flatMap((committee, n) =>
    ahead[n]!.filter((m) => isUpcoming(m, ctx.now)).map((m) => {
      const deadline = agendaPublicationDeadline(m.date);
      const warnFrom = addWorkingDays(deadline, -2);
      let status: string;
      let colour: 'Good' | 'Warning' | 'Attention' | 'Default';
      if (m.agendaPublished) {
        status = `Published ${formatShortDate(m.agendaPublished)}${m.agendaPublished > deadline ? ' (late)' : ''}`;
        colour = m.agendaPublished > deadline ? 'Warning' : 'Good';
      } else if (today > deadline) {
        status = 'Deadline passed: not published';
        colour = 'Attention';
      } else if (today >= warnFrom) {
        status = 'At risk: not published and the deadline is within two working days';
        colour = 'Attention';
      } else {
        status = 'Not yet published';
        colour = 'Default';
      }
      return {
        meeting: `${committees.length > 1 ? `${committee.name}: ` : ''}${describe(m.date, m.startTime)}`,
        deadline: `Publish by ${formatDate(deadline)}`,
        status,
        colour,
        flagged: colour === 'Attention',
      };
    }),
  );
  const flagged = rows.filter((r) => r.flagged).length;
  return {
    template: 'deadlines',
    view: {
      summary: rows.length === 0 ? 'No upcoming meetings.' : `${rows.length} upcoming meetings; ${flagged} flagged.`,
      title: 'Agenda deadlines',
      intro: 'Agendas must be published five clear working days before the meeting (weekends and bank holidays do not count).',
      rows,
      empty: rows.length === 0 ? 'There are no upcoming meetings.' : '',
      clerk: personLabel(ctx.identity.person ?? undefined, ''),
    },
  };
}
