import { meetingWhen, substitutionDeadlineText } from '../shared/meetingWhen';
import { randomUUID } from 'node:crypto';
import { formatMinutes, formatShortDate } from '../../format';
import { substitutionDeadline } from '../../store/repositories';
import type { Apology, Committee, Meeting } from '../../store/schema';
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
import { fitPage, fullTextData, shorten } from '../shared/paging';
import { copyData } from '../../store/copy';

/**
 * Apologies for absence: a statutory record. A member sends their own (a clerk may send for a
 * member); sending again updates the one record, withdrawing keeps it as withdrawn; every
 * change is audited with before and after. All rules are checked inside the store's change,
 * against the data as it is at that moment, so concurrent turns cannot race past them.
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
  | { kind: 'sent' | 'updated' | 'resent' | 'unchanged'; apology: Apology; previous: Apology | null }
  | { kind: 'withdrawn'; apology: Apology }
  | { kind: 'nothing-to-withdraw' };

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

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
  const outcome = await ctx.repo.store.transact<Outcome>((data, audit) => {
    const found = recordableMeeting(ctx.repo, input.meetingId, ctx.now);
    if (found.kind === 'refused') return found;
    const { meeting, committee } = found;
    const subject = recordSubject(ctx.repo, ctx.identity, committee, onBehalfOf, 'apologies');
    if (subject.kind === 'refused') return subject;
    const forMeeting = ctx.repo.apologiesFor(meeting.id);
    const existing = forMeeting.find((a) => a.personId === subject.personId) ?? null;
    const problem = checkSubstitute(ctx, forMeeting, meeting, committee, subject.personId, substituteId, existing);
    if (problem) return problem;

    const at = ctx.now.toISOString();
    if (existing) {
      const previous = copyData(existing);
      if (existing.status === 'sent' && existing.reason === reason && existing.substituteId === substituteId) {
        return { kind: 'unchanged', apology: existing, previous };
      }
      existing.reason = reason;
      existing.substituteId = substituteId;
      existing.recordedBy = ctx.identity.actor;
      existing.onBehalf = subject.onBehalf;
      existing.updatedAt = at;
      const kind = previous.status === 'withdrawn' ? 'resent' : 'updated';
      existing.status = 'sent';
      audit({
        actor: ctx.identity.actor,
        onBehalfOf: subject.onBehalf ? subject.personId : null,
        kind: `apology.${kind}`,
        recordType: 'apology',
        recordId: existing.id,
        before: previous,
        after: existing,
      });
      return { kind, apology: existing, previous };
    }
    const apology: Apology = {
      id: randomUUID(),
      meetingId: meeting.id,
      personId: subject.personId,
      reason,
      substituteId,
      status: 'sent',
      recordedBy: ctx.identity.actor,
      onBehalf: subject.onBehalf,
      createdAt: at,
      updatedAt: at,
    };
    data.apologies.push(apology);
    audit({
      actor: ctx.identity.actor,
      onBehalfOf: subject.onBehalf ? subject.personId : null,
      kind: 'apology.sent',
      recordType: 'apology',
      recordId: apology.id,
      after: apology,
    });
    return { kind: 'sent', apology, previous: null };
  });
  return outcomeAnswer(ctx, outcome);
}

export async function withdrawApologies(ctx: QuestionContext, input: { meetingId: unknown; onBehalfOf?: unknown }): Promise<Answer> {
  const outcome = await ctx.repo.store.transact<Outcome>((data, audit) => {
    const found = recordableMeeting(ctx.repo, input.meetingId, ctx.now);
    if (found.kind === 'refused') return found;
    const subject = recordSubject(ctx.repo, ctx.identity, found.committee, text(input.onBehalfOf), 'apologies');
    if (subject.kind === 'refused') return subject;
    const existing = ctx.repo.apologiesFor(found.meeting.id).find((a) => a.personId === subject.personId);
    if (!existing || existing.status === 'withdrawn') return { kind: 'nothing-to-withdraw' };
    const before = copyData(existing);
    existing.status = 'withdrawn';
    existing.recordedBy = ctx.identity.actor;
    existing.updatedAt = ctx.now.toISOString();
    audit({
      actor: ctx.identity.actor,
      onBehalfOf: subject.onBehalf ? subject.personId : null,
      kind: 'apology.withdrawn',
      recordType: 'apology',
      recordId: existing.id,
      before,
      after: existing,
    });
    return { kind: 'withdrawn', apology: existing };
  });
  return outcomeAnswer(ctx, outcome);
}

function checkSubstitute(
  ctx: QuestionContext,
  /** The meeting's apologies. */
  apologies: readonly Apology[],
  meeting: Meeting,
  committee: Committee,
  personId: string,
  substituteId: string | null,
  existing: Apology | null,
): Refusal | null {
  if (!substituteId || substituteId === existing?.substituteId) return null;
  const substitute = ctx.repo.person(substituteId);
  const listed = committee.substitutes.map((id) => personLabel(ctx.repo.person(id))).join(', ');
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
      `${personLabel(substitute)} is already substituting for ${personLabel(ctx.repo.person(taken.personId))} at this meeting. Please choose another substitute. Nothing has been recorded.`,
    );
  }
  const deadline = substitutionDeadline(meeting, committee);
  if (deadline && ctx.now.getTime() > deadline.getTime()) {
    return refusal(
      'Too late to name a substitute',
      `Substitutions must be notified by ${substitutionDeadlineText(meeting, committee)}${meeting.startTime ? ` (${formatMinutes(committee.substituteNoticeMinutes)} before the meeting)` : ''}, so ${personLabel(substitute)} cannot be recorded as a substitute.`,
      `You can still send your apologies without a substitute, and ${clerkContact(ctx.repo, committee)} can advise.`,
    );
  }
  return null;
}

export function refusalAnswer(r: Refusal): Answer {
  return messageAnswer(r.title, r.lines);
}

function outcomeAnswer(ctx: QuestionContext, outcome: Outcome): Answer {
  if (outcome.kind === 'refused') return refusalAnswer(outcome);
  if (outcome.kind === 'nothing-to-withdraw') {
    return messageAnswer('No apologies to withdraw', [
      'There are no apologies on record for that meeting, so there is nothing to withdraw.',
    ]);
  }
  const apology = outcome.apology;
  const meeting = ctx.repo.meeting(apology.meetingId)!;
  const committee = ctx.repo.committee(meeting.committeeId)!;
  const member = personLabel(ctx.repo.person(apology.personId));
  const when = meetingWhen(meeting);
  const substitute = apology.substituteId ? personLabel(ctx.repo.person(apology.substituteId)) : null;
  const titles: Record<typeof outcome.kind, string> = {
    sent: 'Apologies sent',
    resent: 'Apologies sent again',
    updated: 'Apologies updated',
    unchanged: 'Apologies already recorded',
    withdrawn: 'Apologies withdrawn',
  };
  const notes: string[] = [];
  if (outcome.kind === 'updated' && 'previous' in outcome && outcome.previous) {
    const prev = outcome.previous;
    notes.push(
      `This replaces the earlier apologies (reason: ${prev.reason ?? 'none given'}; substitute: ${prev.substituteId ? personLabel(ctx.repo.person(prev.substituteId)) : 'none'}), which stay in the record's history.`,
    );
  }
  if (substitute && outcome.kind !== 'withdrawn' && !substitutionDeadline(meeting, committee)) {
    notes.push(
      `Substitutes must be notified ${formatMinutes(committee.substituteNoticeMinutes)} before the meeting starts; its time is still to be confirmed, so ${clerkContact(ctx.repo, committee)} will confirm whether this substitution was notified in time.`,
    );
  }
  if (outcome.kind === 'unchanged') notes.push('These apologies were already on record exactly as sent; nothing was changed.');
  if (outcome.kind === 'withdrawn')
    notes.push('The withdrawal is kept in the record history. You can send apologies again at any time before the meeting.');
  const mine = ctx.identity.person?.id === apology.personId;
  return {
    template: 'apology-confirmation',
    view: {
      summary: `${titles[outcome.kind]}: ${member}, ${committee.name}, ${when}.`,
      title: titles[outcome.kind],
      withdrawn: outcome.kind === 'withdrawn',
      facts: [
        { title: 'Meeting', value: `${committee.name}, ${when}` },
        { title: 'Member', value: member },
        ...(outcome.kind === 'withdrawn'
          ? []
          : [
              { title: 'Reason', value: apology.reason ?? 'None given' },
              { title: 'Substitute', value: substitute ?? 'None' },
            ]),
        ...(apology.onBehalf
          ? [
              {
                title: 'Recorded by',
                value: `${personLabel(ctx.repo.person(ctx.identity.person?.id ?? ''), ctx.identity.actor.name ?? 'a clerk')} on behalf of ${member}`,
              },
            ]
          : []),
        { title: 'Clerk', value: clerkContact(ctx.repo, committee) },
      ],
      notes,
      withdrawData: { verb: 'apologies.withdraw', meetingId: meeting.id, onBehalfOf: mine ? '' : apology.personId },
    },
  };
}

/** The "Send apologies" form for one meeting (from a meeting card button or a typed request). */
export function apologyForm(
  ctx: QuestionContext,
  meetingId: unknown,
  prefill: { reason?: string; substituteId?: string; onBehalfOf?: string } = {},
): Answer {
  const found = recordableMeeting(ctx.repo, meetingId, ctx.now);
  if (found.kind === 'refused') return refusalAnswer(found);
  const { meeting, committee } = found;
  const clerk = isClerkOf(ctx.identity, committee);
  if (!clerk) {
    const subject = recordSubject(ctx.repo, ctx.identity, committee, null, 'apologies');
    if (subject.kind === 'refused') return refusalAnswer(subject);
  }
  const when = meetingWhen(meeting);
  return {
    template: 'apology-form',
    view: {
      summary: `Send apologies for the ${committee.name} on ${when}.`,
      title: 'Send apologies',
      meeting: `${committee.name}, ${when}`,
      clerk,
      members: committee.membership.map((m) => ({ title: personLabel(ctx.repo.person(m.personId)), value: m.personId })),
      substitutes: committee.substitutes.map((id) => ({ title: personLabel(ctx.repo.person(id)), value: id })),
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
export function listApologies(ctx: QuestionContext, meeting: Meeting, offset: unknown = 0): Answer {
  const committee = ctx.repo.committee(meeting.committeeId)!;
  const showReasons = apologyReasonsVisible(ctx, committee);
  if (!ctx.identity.person) {
    return messageAnswer('Apologies', [
      `I can only show the apologies list to people I know. Please contact ${clerkContact(ctx.repo, committee)}.`,
    ]);
  }
  const sent = ctx.repo.apologiesFor(meeting.id).filter((a) => a.status === 'sent');
  const forecast = quorumForecast(committee, sent);
  const when = meetingWhen(meeting);
  const row = (a: Apology) => {
    const reason = showReasons ? shorten(a.reason ?? 'none given') : null;
    return {
      member: shorten(personLabel(ctx.repo.person(a.personId)), 120).text,
      reason: reason ? `Reason: ${reason.text}` : '',
      full: reason?.shortened ? fullTextData('apology', a.id, 'reason') : null,
      detail: [
        `Substitute: ${a.substituteId ? shorten(personLabel(ctx.repo.person(a.substituteId)), 120).text : 'none'}`,
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
