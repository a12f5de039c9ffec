import { meetingWhen, substitutionDeadlineText } from '../shared/meetingWhen';
import { formatMinutes, formatShortDate } from '../../format';
import { substitutionDeadline } from '../../store/meetingTime';
import type { RecordRepositories, Versioned } from '../../store/repository';
import type { Apology, Committee, Meeting, Person } from '../../store/schema';
import { messageAnswer, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import {
  clerkContact,
  isClerkOf,
  isMemberOf,
  personLabel,
  recordableMeeting,
  recordSubject,
  refusal,
  type Refusal,
} from '../shared/guards';
import { cleanText } from '../shared/text';
import { AGAIN, decideOnFreshRead } from '../shared/decide';
import { fitPage, fullTextData, shorten } from '../shared/paging';

/**
 * Apologies for absence: a statutory record. A member sends their own (a clerk may send for a
 * member); sending again updates the one record, withdrawing keeps it as withdrawn; every
 * change is audited with before and after. Each change names the version it was decided on: when
 * another turn changed the apologies first, it is decided again on a fresh read (a card that showed
 * an older version asks the person again), so concurrent turns cannot race past the rules.
 */
export const MAX_REASON_LENGTH = 500;

export interface ApologyInput {
  meetingId: unknown;
  onBehalfOf?: unknown;
  reason?: unknown;
  substituteId?: unknown;
}

type Outcome =
  | Refusal
  | { kind: 'sent' | 'updated' | 'resent' | 'unchanged'; apology: Versioned<Apology>; previous: Apology | null }
  | { kind: 'withdrawn'; apology: Versioned<Apology> }
  /** A withdraw card showed an older version: the record as it is now, to ask again. */
  | { kind: 'changed'; apology: Versioned<Apology> }
  | { kind: 'nothing-to-withdraw' };

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

const busy = (): Refusal =>
  refusal(
    'Please try again',
    'These apologies were being changed by someone else at the same moment, so nothing has been recorded. Please send them again.',
  );

const decide = (ctx: QuestionContext, attempt: (records: RecordRepositories) => Promise<Outcome | typeof AGAIN>): Promise<Outcome> =>
  decideOnFreshRead(ctx.records, attempt, busy);

/** Check and record (or update) apologies. */
export async function sendApologies(ctx: QuestionContext, input: ApologyInput): Promise<Answer> {
  const reasonText = text(input.reason);
  const reason = reasonText === null ? null : cleanText(reasonText, Number.MAX_SAFE_INTEGER);
  if (reason !== null && reason.length > MAX_REASON_LENGTH) {
    return refusalAnswer(
      refusal(
        'Reason too long',
        `Please keep the reason to ${MAX_REASON_LENGTH} characters (yours has ${reason.length}). Nothing has been recorded.`,
      ),
    );
  }
  const substituteId = text(input.substituteId);
  const onBehalfOf = text(input.onBehalfOf);
  const outcome = await decide(ctx, async (records) => {
    const found = await recordableMeeting(records, input.meetingId, ctx.now);
    if (found.kind === 'refused') return found;
    const { meeting, committee } = found;
    const subject = await recordSubject(records, ctx.identity, committee, onBehalfOf, 'apologies');
    if (subject.kind === 'refused') return subject;
    const forMeeting = await records.apologies.forMeeting(meeting.id);
    const existing = forMeeting.find((a) => a.personId === subject.personId) ?? null;
    const problem = await checkSubstitute(ctx, forMeeting, meeting, committee, subject.personId, substituteId, existing);
    if (problem) return problem;
    if (existing && existing.status === 'sent' && existing.reason === reason && existing.substituteId === substituteId) {
      return { kind: 'unchanged', apology: existing, previous: existing };
    }
    const recorded = await records.apologies.record(
      { meetingId: meeting.id, personId: subject.personId, reason, substituteId },
      existing?.version ?? null,
      { actor: ctx.identity.actor, onBehalfOf: subject.onBehalf ? subject.personId : null },
    );
    // Refused only when the records changed since they were read: read and decide again.
    if (!recorded.ok) return AGAIN;
    const kind = !existing ? 'sent' : existing.status === 'withdrawn' ? 'resent' : 'updated';
    return { kind, apology: recorded.value, previous: existing };
  });
  return outcomeAnswer(ctx, outcome);
}

/**
 * Withdraws the person's apologies for a meeting. From a card, `version` is the version the card
 * showed: when the apologies have changed since, nothing is withdrawn and they are shown as they
 * are now, to ask again.
 */
export async function withdrawApologies(
  ctx: QuestionContext,
  input: { meetingId: unknown; onBehalfOf?: unknown; version?: unknown },
): Promise<Answer> {
  const shown = typeof input.version === 'number' && Number.isInteger(input.version) ? input.version : null;
  const outcome = await decide(ctx, async (records) => {
    const found = await recordableMeeting(records, input.meetingId, ctx.now);
    if (found.kind === 'refused') return found;
    const subject = await recordSubject(records, ctx.identity, found.committee, text(input.onBehalfOf), 'apologies');
    if (subject.kind === 'refused') return subject;
    const existing = await records.apologies.of(found.meeting.id, subject.personId);
    if (shown !== null && existing && existing.version !== shown) return { kind: 'changed', apology: existing };
    if (!existing || existing.status === 'withdrawn') return { kind: 'nothing-to-withdraw' };
    const withdrawn = await records.apologies.withdraw(existing.id, existing.version, {
      actor: ctx.identity.actor,
      onBehalfOf: subject.onBehalf ? subject.personId : null,
    });
    if (withdrawn.ok) return { kind: 'withdrawn', apology: withdrawn.value };
    // Changed meanwhile: a card's request is asked again; a typed one is decided on a fresh read.
    if (shown === null) return AGAIN;
    const now = await records.apologies.get(existing.id);
    return now ? { kind: 'changed', apology: now } : { kind: 'nothing-to-withdraw' };
  });
  return outcomeAnswer(ctx, outcome);
}

async function checkSubstitute(
  ctx: QuestionContext,
  /** The meeting's apologies. */
  apologies: readonly Apology[],
  meeting: Meeting,
  committee: Committee,
  personId: string,
  substituteId: string | null,
  existing: Apology | null,
): Promise<Refusal | null> {
  if (!substituteId || substituteId === existing?.substituteId) return null;
  const people = ctx.records.people;
  const substitute = await people.get(substituteId);
  const listed = (await Promise.all(committee.substitutes.map((id) => people.get(id)))).map((p) => personLabel(p)).join(', ');
  if (!substitute || !committee.substitutes.includes(substituteId)) {
    return refusal(
      'Not a named substitute',
      `${personLabel(substitute, 'That person')} is not on the ${committee.name}'s list of substitutes, so nothing has been recorded.`,
      listed ? `The substitutes are: ${listed}.` : 'The committee has no substitutes listed.',
    );
  }
  if (isMemberOf(substituteId, committee)) {
    return refusal(
      'Already a member',
      `${personLabel(substitute)} is already a member of the committee, so cannot substitute. Nothing has been recorded.`,
    );
  }
  const taken = apologies.find((a) => a.status === 'sent' && a.substituteId === substituteId && a.personId !== personId);
  if (taken) {
    return refusal(
      'Substitute already booked',
      `${personLabel(substitute)} is already substituting for ${personLabel(await people.get(taken.personId))} at this meeting. Please choose another substitute. Nothing has been recorded.`,
    );
  }
  const deadline = substitutionDeadline(meeting, committee);
  if (deadline && ctx.now.getTime() > deadline.getTime()) {
    return refusal(
      'Too late to name a substitute',
      `Substitutions must be notified by ${substitutionDeadlineText(meeting, committee)}${meeting.startTime ? ` (${formatMinutes(committee.substituteNoticeMinutes)} before the meeting)` : ''}, so ${personLabel(substitute)} cannot be recorded as a substitute.`,
      `You can still send your apologies without a substitute, and ${await clerkContact(ctx.records, committee)} can advise.`,
    );
  }
  return null;
}

export function refusalAnswer(r: Refusal): Answer {
  return messageAnswer(r.title, r.lines);
}

async function outcomeAnswer(ctx: QuestionContext, outcome: Outcome): Promise<Answer> {
  if (outcome.kind === 'refused') return refusalAnswer(outcome);
  if (outcome.kind === 'nothing-to-withdraw') {
    return messageAnswer('No apologies to withdraw', [
      'There are no apologies on record for that meeting, so there is nothing to withdraw.',
    ]);
  }
  const { records } = ctx;
  const apology = outcome.apology;
  const meeting = (await records.meetings.get(apology.meetingId))!;
  const committee = (await records.committees.get(meeting.committeeId))!;
  const member = personLabel(await records.people.get(apology.personId));
  const when = meetingWhen(meeting);
  const substitute = apology.substituteId ? personLabel(await records.people.get(apology.substituteId)) : null;
  const clerk = await clerkContact(records, committee);
  const withdrawn = outcome.kind === 'withdrawn' || (outcome.kind === 'changed' && apology.status === 'withdrawn');
  const titles: Record<typeof outcome.kind, string> = {
    sent: 'Apologies sent',
    resent: 'Apologies sent again',
    updated: 'Apologies updated',
    unchanged: 'Apologies already recorded',
    withdrawn: 'Apologies withdrawn',
    changed: 'These apologies have changed',
  };
  const notes: string[] = [];
  if (outcome.kind === 'changed') {
    notes.push(
      withdrawn
        ? 'They were changed after that card was shown and are now withdrawn, so nothing more has been changed.'
        : 'They were changed after that card was shown, so nothing has been withdrawn. This is how they are recorded now: withdraw them below if you still want to.',
    );
  }
  if (outcome.kind === 'updated' && outcome.previous) {
    const prev = outcome.previous;
    const prevSubstitute = prev.substituteId ? personLabel(await records.people.get(prev.substituteId)) : 'none';
    notes.push(
      `This replaces the earlier apologies (reason: ${prev.reason ?? 'none given'}; substitute: ${prevSubstitute}), which stay in the record's history.`,
    );
  }
  if (substitute && !withdrawn && !substitutionDeadline(meeting, committee)) {
    notes.push(
      `Substitutes must be notified ${formatMinutes(committee.substituteNoticeMinutes)} before the meeting starts; its time is still to be confirmed, so ${clerk} will confirm whether this substitution was notified in time.`,
    );
  }
  if (outcome.kind === 'unchanged') notes.push('These apologies were already on record exactly as sent; nothing was changed.');
  if (outcome.kind === 'withdrawn')
    notes.push('The withdrawal is kept in the record history. You can send apologies again at any time before the meeting.');
  const mine = ctx.identity.person?.id === apology.personId;
  const recorder = apology.onBehalf
    ? personLabel(await records.people.get(ctx.identity.person?.id ?? ''), ctx.identity.actor.name ?? 'a clerk')
    : '';
  return {
    template: 'apology-confirmation',
    view: {
      summary: `${titles[outcome.kind]}: ${member}, ${committee.name}, ${when}.`,
      title: titles[outcome.kind],
      withdrawn,
      facts: [
        { title: 'Meeting', value: `${committee.name}, ${when}` },
        { title: 'Member', value: member },
        ...(withdrawn
          ? []
          : [
              { title: 'Reason', value: apology.reason ?? 'None given' },
              { title: 'Substitute', value: substitute ?? 'None' },
            ]),
        ...(apology.onBehalf ? [{ title: 'Recorded by', value: `${recorder} on behalf of ${member}` }] : []),
        { title: 'Clerk', value: clerk },
      ],
      notes,
      withdrawData: {
        verb: 'apologies.withdraw',
        meetingId: meeting.id,
        onBehalfOf: mine ? '' : apology.personId,
        version: apology.version,
      },
    },
  };
}

/** The "Send apologies" form for one meeting (from a meeting card button or a typed request). */
export async function apologyForm(
  ctx: QuestionContext,
  meetingId: unknown,
  prefill: { reason?: string; substituteId?: string; onBehalfOf?: string } = {},
): Promise<Answer> {
  const found = await recordableMeeting(ctx.records, meetingId, ctx.now);
  if (found.kind === 'refused') return refusalAnswer(found);
  const { meeting, committee } = found;
  const clerk = isClerkOf(ctx.identity, committee);
  if (!clerk) {
    const subject = await recordSubject(ctx.records, ctx.identity, committee, null, 'apologies');
    if (subject.kind === 'refused') return refusalAnswer(subject);
  }
  const when = meetingWhen(meeting);
  const label = async (id: string) => personLabel(await ctx.records.people.get(id));
  const members = await Promise.all(committee.membership.map(async (m) => ({ title: await label(m.personId), value: m.personId })));
  const substitutes = await Promise.all(committee.substitutes.map(async (id) => ({ title: await label(id), value: id })));
  return {
    template: 'apology-form',
    view: {
      summary: `Send apologies for the ${committee.name} on ${when}.`,
      title: 'Send apologies',
      meeting: `${committee.name}, ${when}`,
      clerk,
      members,
      substitutes,
      substituteNote: `Substitutes must be notified by ${substitutionDeadlineText(meeting, committee)}.`,
      maxReason: MAX_REASON_LENGTH,
      prefill: { reason: prefill.reason ?? '', substituteId: prefill.substituteId ?? '', onBehalfOf: prefill.onBehalfOf ?? '' },
      submitData: { verb: 'apologies.submit', meetingId: meeting.id },
    },
  };
}

/**
 * Reasons for absence are often about health or family: they are shown to the committee's clerks
 * and its chair, and only in a personal chat, never in a channel or group chat.
 */
export function apologyReasonsVisible(ctx: QuestionContext, committee: Committee): boolean {
  if (ctx.conversation.type !== 'personal') return false;
  return isClerkOf(ctx.identity, committee) || committee.membership.some((m) => m.personId === ctx.personId && m.role === 'chair');
}

/** Clerk's list: who has sent apologies, substitutes, and whether the meeting will be quorate. */
export async function listApologies(ctx: QuestionContext, meeting: Meeting, offset: unknown = 0): Promise<Answer> {
  const committee = (await ctx.records.committees.get(meeting.committeeId))!;
  const showReasons = apologyReasonsVisible(ctx, committee);
  if (!ctx.identity.person) {
    return messageAnswer('Apologies', [
      `I can only show the apologies list to people I know. Please contact ${await clerkContact(ctx.records, committee)}.`,
    ]);
  }
  const sent = (await ctx.records.apologies.forMeeting(meeting.id)).filter((a) => a.status === 'sent');
  const names = await namesOf(
    ctx,
    sent.flatMap((a) => (a.substituteId ? [a.personId, a.substituteId] : [a.personId])),
  );
  const forecast = quorumForecast(committee, sent);
  const when = meetingWhen(meeting);
  const row = (a: Apology) => {
    const reason = showReasons ? shorten(a.reason ?? 'none given') : null;
    return {
      member: shorten(personLabel(names.get(a.personId)), 120).text,
      reason: reason ? `Reason: ${reason.text}` : '',
      full: reason?.shortened ? fullTextData('apology', a.id, 'reason') : null,
      detail: [
        `Substitute: ${a.substituteId ? shorten(personLabel(names.get(a.substituteId)), 120).text : 'none'}`,
        a.onBehalf ? 'recorded by the clerk' : null,
      ]
        .filter(Boolean)
        .join(' · '),
    };
  };
  const status = forecast.expected < committee.quorum ? 'inquorate' : forecast.expected - committee.quorum <= 1 ? 'at risk' : 'quorate';
  const forecastText = `Expected: ${forecast.expected} of ${forecast.votingMembers} voting members (${forecast.votingMembers} members − ${forecast.apologies} apologies + ${forecast.substitutes} substitutes). Quorum: ${committee.quorum}.`;
  const view = fitPage(
    'apologies-list',
    sent,
    offset,
    () => ({ verb: 'list.more', list: 'apologies', meetingId: meeting.id }),
    (page) => ({
      summary: `${sent.length} ${sent.length === 1 ? 'apology' : 'apologies'} for the ${committee.name} on ${when}. ${forecastText} ${status === 'quorate' ? 'The meeting should be quorate.' : status === 'at risk' ? 'Quorum is at risk.' : 'The meeting would be inquorate.'}`,
      title: `Apologies: ${formatShortDate(meeting.date)}`,
      meeting: `${committee.name}, ${when}`,
      count:
        sent.length === 0
          ? 'No apologies have been received.'
          : `${sent.length} ${sent.length === 1 ? 'member has' : 'members have'} sent apologies.`,
      rows: page.rows.map(row),
      forecastText,
      status: status === 'quorate' ? 'Quorate' : status === 'at risk' ? 'Quorum at risk' : 'Inquorate',
      statusColour: status === 'quorate' ? 'Good' : status === 'at risk' ? 'Warning' : 'Attention',
      ...page.view,
    }),
    25,
  );
  return { template: 'apologies-list', view };
}

/** The people named on a list, read once each. */
async function namesOf(ctx: QuestionContext, ids: readonly string[]): Promise<Map<string, Person | undefined>> {
  const unique = [...new Set(ids)];
  const people = await Promise.all(unique.map((id) => ctx.records.people.get(id)));
  return new Map(unique.map((id, i) => [id, people[i]]));
}

export interface QuorumForecast {
  votingMembers: number;
  apologies: number;
  substitutes: number;
  expected: number;
}

/** Voting members minus apologies plus substitutes. Co-opted members without votes do not count. */
export function quorumForecast(committee: Committee, sent: readonly Apology[]): QuorumForecast {
  const voting = committee.membership.filter((m) => m.role !== 'co-opted' || m.votingRights === true).map((m) => m.personId);
  const away = sent.filter((a) => voting.includes(a.personId));
  const substitutes = away.filter((a) => a.substituteId).length;
  return { votingMembers: voting.length, apologies: away.length, substitutes, expected: voting.length - away.length + substitutes };
}
