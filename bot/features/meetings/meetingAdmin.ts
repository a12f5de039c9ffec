import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { formatDate, formatDateTime, formatShortDate, londonDate, londonInstant } from '../../format';
import { isUpcoming } from '../../store/repositories';
import type { AgendaItem, Committee, Meeting } from '../../store/schema';
import type { NamedRange, WhenParsed } from '../../recognition/commands';
import { messageAnswer, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import { meetingCard, meetingFor, theCommittee, unmatchedMeeting } from './meetings';
import { clerkOnly, committeeOf, isClerkOf, personLabel } from '../shared/guards';
import { cleanText } from '../shared/text';
import { noCommitteesAnswer } from '../shared/noCommittees';
import { managedInModernGov } from './moderngovOwned';
import { addWorkingDays, agendaPublicationDeadline } from './workingDays';

/**
 * Clerks keep the committee calendar in Teams: add, move and cancel meetings, publish agendas
 * and add items. Only clerks may; every change is audited and confirmed with the meeting card.
 * Anything the clerk might have meant two ways is confirmed back before it is saved.
 */
const MAX_VENUE = 200;
const MAX_TITLE = 300;

function describe(date: string, time: string | null): string {
  return time ? formatDateTime(londonInstant(date, time)) : `${formatDate(date)}, time to be confirmed`;
}

function confirmAnswer(title: string, lines: string[], confirmLabel: string, confirmData: Record<string, unknown>): Answer {
  return { template: 'confirm', view: { summary: [title, ...lines].join(' '), title, lines, confirmLabel, confirmData } };
}

/**
 * The upcoming meeting a command means: on the date given, in the month or year named, or the
 * next one when no date is named. A date that matches no meeting ahead (or names no real day)
 * changes nothing: the clerk is told what was not matched and offered the meetings ahead.
 */
function targetMeeting(
  ctx: QuestionContext,
  committee: Committee,
  when: WhenParsed | null,
  named: NamedRange | null = null,
): Meeting | Answer {
  const ask = (m: Meeting) => `agenda for ${formatShortDate(m.date)}`;
  if (named && !named.range) {
    return unmatchedMeeting(ctx, committee.id, `There is no such date as ${named.text}, so I could not match it to a meeting.`, ask, {});
  }
  const date = when
    ? { from: when.date, to: when.date, text: formatDate(when.date) }
    : named?.range
      ? { ...named.range, text: named.text }
      : undefined;
  const found = meetingFor(ctx.repo, committee.id, ctx.now, date ? { date } : {});
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

const isAnswer = (x: Meeting | Answer): x is Answer => 'template' in x;

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
  const committee = typeof input.committeeId === 'string' ? ctx.repo.committee(input.committeeId) : await committeeOf(ctx);
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
  const outcome = await ctx.repo.store.transact((data, audit) => {
    const clash = data.meetings.find((m) => m.committeeId === committee.id && m.date === when.date && m.status !== 'cancelled');
    if (clash) return { clash };
    let id = `${committee.id}-${when.date}`;
    for (let n = 2; data.meetings.some((m) => m.id === id); n += 1) id = `${committee.id}-${when.date}-${n}`;
    const meeting: Meeting = {
      id,
      committeeId: committee.id,
      date: when.date,
      startTime: when.time,
      venue,
      webcastUrl: committee.webcastUrl ?? null,
      status: 'scheduled',
      agendaPublished: null,
      agendaItems: [],
      source: {
        document: 'Committee Assistant',
        section: `Added in Teams by ${ctx.identity.actor.name ?? 'the clerk'} on ${formatShortDate(ctx.now)}`,
      },
    };
    data.meetings.push(meeting);
    audit({ actor: ctx.identity.actor, kind: 'meeting.added', recordType: 'meeting', recordId: id, after: meeting });
    return { meeting };
  });
  if ('clash' in outcome && outcome.clash) {
    return messageAnswer('Already a meeting that day', [
      `The ${committee.name} already meets on ${describe(outcome.clash.date, outcome.clash.startTime)}. To change it, say "move the ${formatShortDate(outcome.clash.date)} meeting to <date>".`,
    ]);
  }
  const meeting = (outcome as { meeting: Meeting }).meeting;
  return meetingCard(ctx, meeting, [
    `Meeting added: ${describe(meeting.date, meeting.startTime)}.`,
    `The agenda must be published by ${formatDate(agendaPublicationDeadline(meeting.date))} (five clear working days before).`,
  ]);
}

export async function moveMeeting(
  ctx: QuestionContext,
  input: {
    meetingId?: unknown;
    from?: WhenParsed | null;
    fromNamed?: NamedRange | null;
    date?: unknown;
    time?: unknown;
    venue?: unknown;
    doubts?: string[];
  },
): Promise<Answer> {
  const committee = await committeeOf(ctx);
  const found =
    typeof input.meetingId === 'string'
      ? (ctx.repo.meeting(input.meetingId) ??
        messageAnswer('Meeting not found', ['That meeting no longer exists. Nothing has been changed.']))
      : targetMeeting(ctx, committee, input.from ?? null, input.fromNamed ?? null);
  if (isAnswer(found)) return found;
  const meetingCommittee = ctx.repo.committee(found.committeeId)!;
  const refused =
    (await clerkOnly(ctx, meetingCommittee, (clerk) => `Moving meetings is for the committee's clerk, ${clerk}.`)) ??
    managedInModernGov(meetingCommittee, 'Moving a meeting');
  if (refused) return refused;
  if (!isUpcoming(found, ctx.now))
    return messageAnswer('Meeting has started', ['Only meetings that have not yet started (and are not cancelled) can be moved.']);
  const when = checkWhen(ctx, input.date ?? found.date, input.time ?? (input.date ? null : found.startTime));
  if ('template' in when) return when;
  const venue = typeof input.venue === 'string' && input.venue.trim() ? cleanText(input.venue, MAX_VENUE) : found.venue;
  if (input.doubts && input.doubts.length > 0) {
    return confirmAnswer(
      'Move this meeting?',
      [
        `From ${describe(found.date, found.startTime)} to ${describe(when.date, when.time)}${venue ? `, ${venue}` : ''}.`,
        `Please check: ${input.doubts.join('; ')}.`,
      ],
      'Yes, move it',
      { verb: 'meeting.move', meetingId: found.id, date: when.date, time: when.time ?? '', venue: venue ?? '' },
    );
  }
  const before = { date: found.date, startTime: found.startTime, venue: found.venue };
  const moved = await ctx.repo.store.transact((data, audit) => {
    const m = data.meetings.find((x) => x.id === found.id);
    if (!m || m.status === 'cancelled') return null;
    m.date = when.date;
    m.startTime = when.time;
    m.venue = venue;
    audit({
      actor: ctx.identity.actor,
      kind: 'meeting.moved',
      recordType: 'meeting',
      recordId: m.id,
      before,
      after: { date: m.date, startTime: m.startTime, venue: m.venue },
    });
    return m;
  });
  if (!moved) return messageAnswer('Meeting not found', ['That meeting has been cancelled or removed. Nothing has been changed.']);
  const apologies = ctx.repo.apologiesFor(moved.id).filter((a) => a.status === 'sent').length;
  return meetingCard(ctx, moved, [
    `Meeting moved from ${describe(before.date, before.startTime)} to ${describe(moved.date, moved.startTime)}.`,
    ...(apologies
      ? [`${apologies} ${apologies === 1 ? 'apology stays' : 'apologies stay'} recorded against it; members may want to check.`]
      : []),
  ]);
}

export async function cancelMeeting(
  ctx: QuestionContext,
  input: { when: WhenParsed | null; named?: NamedRange | null; reason: string | null },
): Promise<Answer> {
  const committee = await committeeOf(ctx);
  const refused =
    (await clerkOnly(ctx, committee, (clerk) => `Cancelling meetings is for the committee's clerk, ${clerk}.`)) ??
    managedInModernGov(committee, 'Cancelling a meeting');
  if (refused) return refused;
  const found = targetMeeting(ctx, committee, input.when, input.named ?? null);
  if (isAnswer(found)) return found;
  const reason = input.reason ? cleanText(input.reason, MAX_TITLE) : '';
  if (!reason) {
    return messageAnswer('Reason needed', [
      `Please give the reason, for example: cancel the meeting on ${formatShortDate(found.date)} because there is no business.`,
    ]);
  }
  const cancelled = await ctx.repo.store.transact((data, audit) => {
    const m = data.meetings.find((x) => x.id === found.id);
    if (!m || m.status === 'cancelled') return null;
    const before = { status: m.status, cancelledReason: m.cancelledReason ?? null };
    m.status = 'cancelled';
    m.cancelledReason = reason;
    audit({
      actor: ctx.identity.actor,
      kind: 'meeting.cancelled',
      recordType: 'meeting',
      recordId: m.id,
      before,
      after: { status: m.status, cancelledReason: reason },
    });
    return m;
  });
  if (!cancelled) return messageAnswer('Already cancelled', ['That meeting was already cancelled.']);
  return meetingCard(ctx, cancelled, [`Meeting cancelled: ${reason}.`]);
}

export async function publishAgenda(ctx: QuestionContext, input: { when: WhenParsed | null; named?: NamedRange | null }): Promise<Answer> {
  const committee = await committeeOf(ctx);
  const refused =
    (await clerkOnly(ctx, committee, (clerk) => `Publishing agendas is for the committee's clerk, ${clerk}.`)) ??
    managedInModernGov(committee, 'Publishing an agenda');
  if (refused) return refused;
  const found = targetMeeting(ctx, committee, input.when, input.named ?? null);
  if (isAnswer(found)) return found;
  if (found.agendaPublished) {
    return meetingCard(ctx, found, [`The agenda was already published on ${formatDate(found.agendaPublished)}.`]);
  }
  const today = londonDate(ctx.now);
  const published = await ctx.repo.store.transact((data, audit) => {
    const m = data.meetings.find((x) => x.id === found.id);
    if (!m || m.agendaPublished) return null;
    m.agendaPublished = today;
    audit({
      actor: ctx.identity.actor,
      kind: 'meeting.agendaPublished',
      recordType: 'meeting',
      recordId: m.id,
      before: { agendaPublished: null },
      after: { agendaPublished: today },
    });
    return m;
  });
  if (!published) return messageAnswer('Already published', ['The agenda was published meanwhile.']);
  const deadline = agendaPublicationDeadline(published.date);
  return meetingCard(ctx, published, [
    `Agenda published on ${formatDate(today)}.`,
    today > deadline
      ? `This is after the statutory deadline of ${formatDate(deadline)} (five clear working days before the meeting). Items may need the chair's urgency reasons.`
      : `This is within the deadline of ${formatDate(deadline)}.`,
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
 * Confirm buttons for an agenda item carry what will be saved, sealed with a key that lives only
 * in this process: a button whose fields were changed, that was made for another clerk, or that
 * was made before the meeting's agenda changed (or before a restart) is refused as stale.
 */
const SEAL_KEY = randomBytes(32);

function agendaStamp(meeting: Meeting): string {
  return JSON.stringify([meeting.date, meeting.status, meeting.agendaPublished, meeting.agendaItems.map((i) => i.number)]);
}

function seal(ctx: QuestionContext, meeting: Meeting, p: AgendaItemProposal): string {
  const fields = [p.meetingId, p.number, p.title, p.leadOfficer, p.restricted, ctx.identity.person?.id ?? null, agendaStamp(meeting)];
  return createHmac('sha256', SEAL_KEY).update(JSON.stringify(fields)).digest('base64url');
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
  const found = targetMeeting(ctx, committee, input.when, input.named ?? null);
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
    if (found.agendaItems.some((i) => i.number.toLowerCase() === proposal.number.toLowerCase())) {
      return messageAnswer('Item number in use', [
        `Item ${proposal.number} is already on the agenda for ${formatShortDate(found.date)}. Choose another number.`,
      ]);
    }
    return confirmAnswer(
      'Add this agenda item?',
      [
        `Meeting: ${committee.name}, ${formatDate(found.date)}`,
        `Item: ${proposal.number}`,
        `Title: ${proposal.title}`,
        `Lead officer: ${proposal.leadOfficer ?? 'none'}`,
        `Restricted (not for publication): ${proposal.restricted ? 'yes' : 'no'}`,
        `Please check: ${input.doubts.join('; ')}. To save it differently, type the command again with the title in quotes, for example: add agenda item 12 "Payment to contractor" restricted lead officer Jane Doe for 16 November.`,
      ],
      'Yes, add it',
      { verb: 'agendaItem.add', ...proposal, seal: seal(ctx, found, proposal) },
    );
  }
  return saveAgendaItem(ctx, found, proposal);
}

/** The clerk's "Yes, add it" on an agenda item's confirm card. */
export async function confirmAgendaItem(ctx: QuestionContext, data: Record<string, unknown>): Promise<Answer> {
  const meeting = typeof data.meetingId === 'string' ? ctx.repo.meeting(data.meetingId) : undefined;
  const committee = meeting ? ctx.repo.committee(meeting.committeeId) : undefined;
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
    'The agenda has changed since, or the button was not the one I sent. Nothing has been added. Type the command again to get a fresh card.',
  ]);
  if (!proposal.number || !proposal.title || typeof proposal.restricted !== 'boolean' || typeof data.seal !== 'string') return stale;
  const checked = proposal as AgendaItemProposal;
  const expected = Buffer.from(seal(ctx, meeting, checked));
  const given = Buffer.from(data.seal);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return stale;
  if (!isUpcoming(meeting, ctx.now) || meeting.status === 'cancelled') {
    return messageAnswer('Meeting not open for changes', ['That meeting has been cancelled or has taken place. Nothing has been added.']);
  }
  return saveAgendaItem(ctx, meeting, checked);
}

async function saveAgendaItem(ctx: QuestionContext, found: Meeting, proposal: AgendaItemProposal): Promise<Answer> {
  const { number, title } = proposal;
  const late = found.agendaPublished !== null;
  const outcome = await ctx.repo.store.transact((data, audit) => {
    const m = data.meetings.find((x) => x.id === found.id);
    if (!m) return 'gone' as const;
    if (m.agendaItems.some((i) => i.number.toLowerCase() === number.toLowerCase())) return 'taken' as const;
    const item: AgendaItem = {
      number,
      title,
      pages: null,
      leadOfficer: proposal.leadOfficer,
      restricted: proposal.restricted,
      ...(late ? { late: true } : {}),
    };
    m.agendaItems.push(item);
    m.agendaItems.sort((a, b) => Number.parseInt(a.number, 10) - Number.parseInt(b.number, 10) || a.number.localeCompare(b.number));
    audit({ actor: ctx.identity.actor, kind: 'meeting.itemAdded', recordType: 'meeting', recordId: m.id, after: item });
    return m;
  });
  if (outcome === 'gone') return messageAnswer('Meeting not found', ['That meeting no longer exists.']);
  if (outcome === 'taken')
    return messageAnswer('Item number in use', [
      `Item ${number} is already on the agenda for ${formatShortDate(found.date)}. Choose another number.`,
    ]);
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
  return meetingCard(ctx, outcome, [`Item ${number} added: ${title}${proposal.restricted ? ' (restricted)' : ''}.`]);
}

export async function recordUrgencyReason(
  ctx: QuestionContext,
  input: { meetingId: unknown; number: unknown; reason: unknown },
): Promise<Answer> {
  const meeting = typeof input.meetingId === 'string' ? ctx.repo.meeting(input.meetingId) : undefined;
  const committee = meeting ? ctx.repo.committee(meeting.committeeId) : undefined;
  if (!meeting || !committee) return messageAnswer('Meeting not found', ['That meeting no longer exists. Nothing has been recorded.']);
  const refused = await clerkOnly(ctx, committee, (clerk) => `Recording urgency reasons is for the committee's clerk, ${clerk}.`);
  if (refused) return refused;
  const reason = typeof input.reason === 'string' ? cleanText(input.reason, 1000) : '';
  if (!reason) return messageAnswer('Reason needed', ["Please type the chair's reason for urgency. Nothing has been recorded."]);
  const item = await ctx.repo.store.transact((data, audit) => {
    const i = data.meetings.find((m) => m.id === meeting.id)?.agendaItems.find((x) => x.number === input.number);
    if (!i) return null;
    const before = { urgencyReason: i.urgencyReason ?? null };
    i.urgencyReason = reason;
    audit({
      actor: ctx.identity.actor,
      kind: 'meeting.urgencyReason',
      recordType: 'meeting',
      recordId: meeting.id,
      before,
      after: { item: i.number, urgencyReason: reason },
    });
    return i;
  });
  if (!item) return messageAnswer('Item not found', ['That agenda item is no longer on the agenda. Nothing has been recorded.']);
  return meetingCard(ctx, ctx.repo.meeting(meeting.id)!, [`Urgency reason recorded for item ${item.number}: ${reason}`]);
}

/** "agenda deadlines": each upcoming meeting's publication deadline, flagged when at risk. */
export async function agendaDeadlines(ctx: QuestionContext): Promise<Answer> {
  const committees = ctx.repo.committees().filter((c) => isClerkOf(ctx.identity, c) || c.id === ctx.committeeId);
  const first = committees[0] ?? (await ctx.records.committees.all())[0];
  if (!first) return noCommitteesAnswer(await ctx.records.council.name());
  const refused = await clerkOnly(ctx, first, (clerk) => `The agenda deadline list is for the committee's clerk, ${clerk}.`);
  if (refused) return refused;
  const today = londonDate(ctx.now);
  const rows = committees.flatMap((committee) =>
    ctx.repo
      .meetings(committee.id)
      .filter((m) => isUpcoming(m, ctx.now))
      .map((m) => {
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
