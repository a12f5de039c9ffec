import { meetingWhen } from './meetingWhen';
import type { Committee, Meeting, Person } from '../../store/schema';
import { isUpcoming } from '../../store/meetingTime';
import type { RecordRepositories, Versioned } from '../../store/repository';
import { committeeIdsOf, type Identity } from '../people/identity';
import { messageAnswer, type Answer } from './answer';
import { noCommitteesAnswer } from './noCommittees';
import type { QuestionContext } from './context';

/**
 * The guards every feature shares, in one place: which committee a question is about, who is
 * the clerk of a committee (clerks only), who is a member (members only), and, for apologies and
 * declarations, who may record for whom and on which meetings. A check returns a refusal a user
 * can act on, or null when the request may go ahead.
 */
export interface Refusal {
  kind: 'refused';
  title: string;
  lines: string[];
}

export function refusal(title: string, ...lines: string[]): Refusal {
  return { kind: 'refused', title, lines };
}

export function personLabel(person: Person | undefined, fallback = 'someone not on our records'): string {
  if (!person) return fallback;
  return person.title ? `${person.title} ${person.name}` : person.name;
}

/** The committee's clerk to contact (name, job title and the apologies address), for refusals and notes. */
export async function clerkContact(records: RecordRepositories, committee: Committee): Promise<string> {
  let clerk: Person | undefined;
  for (const id of committee.clerkIds) {
    clerk = await records.people.get(id);
    if (clerk) break;
  }
  const who = clerk ? `${personLabel(clerk)}${clerk.jobTitle ? `, ${clerk.jobTitle}` : ''}` : 'the Democratic Services team';
  return committee.apologiesContact ? `${who} (${committee.apologiesContact})` : who;
}

export function isClerkOf(identity: Identity, committee: Committee): boolean {
  if (!identity.person) return false;
  return committee.clerkIds.includes(identity.person.id) || identity.person.kind === 'clerk';
}

/**
 * Clerks only: null for a clerk of `committee`, else a polite refusal that names the clerk.
 * `explain` is given the clerk's contact and says what is reserved to them.
 */
export async function clerkOnly(
  ctx: QuestionContext,
  committee: Committee,
  explain: (clerk: string) => string,
  title = 'Only a clerk can do that',
): Promise<Answer | null> {
  if (isClerkOf(ctx.identity, committee)) return null;
  return messageAnswer(title, [explain(await clerkContact(ctx.records, committee))]);
}

/**
 * The committee the router settled for a handler whose definition is `aboutCommittee` (named,
 * the conversation's, or the asker's). Never a guess: anything else is a bug.
 */
export async function committeeOf(ctx: QuestionContext): Promise<Committee> {
  const committee = await ctx.records.committees.get(ctx.committeeId ?? '');
  if (!committee) throw new Error('committeeOf: no committee was settled for this handler (is its definition aboutCommittee?)');
  return committee;
}

export function isMemberOf(personId: string, committee: Committee): boolean {
  return committee.membership.some((m) => m.personId === personId);
}

/** The meeting a record is for, checked afresh (card submits can be old or tampered with). */
export async function recordableMeeting(
  records: RecordRepositories,
  meetingId: unknown,
  now: Date,
): Promise<{ kind: 'ok'; meeting: Versioned<Meeting>; committee: Committee } | Refusal> {
  const meeting = typeof meetingId === 'string' ? await records.meetings.get(meetingId) : undefined;
  const committee = meeting ? await records.committees.get(meeting.committeeId) : undefined;
  if (!meeting || !committee) {
    return refusal(
      'Meeting not found',
      `I could not find that meeting, so nothing has been recorded. Ask "when is the next meeting" for a fresh card.`,
    );
  }
  if (meeting.status === 'cancelled') {
    return refusal('Meeting cancelled', `The meeting of ${meetingWhen(meeting)} has been cancelled, so there is nothing to record.`);
  }
  if (!isUpcoming(meeting, now)) {
    return refusal(
      'That meeting has already started',
      `The meeting on ${meetingWhen(meeting)} has started or taken place, so nothing more can be recorded for it through me. Please speak to ${await clerkContact(records, committee)}.`,
    );
  }
  return { kind: 'ok', meeting, committee };
}

/**
 * Whose record this is. Members record for themselves; a clerk may record for a named member.
 * Guests and officers are told who can and how.
 */
export async function recordSubject(
  records: RecordRepositories,
  identity: Identity,
  committee: Committee,
  onBehalfOf: string | null | undefined,
  what: string,
): Promise<{ kind: 'ok'; personId: string; onBehalf: boolean } | Refusal> {
  const contact = await clerkContact(records, committee);
  if (!identity.person && identity.claim) {
    return refusal(
      `Are you ${personLabel(await records.people.get(identity.claim.personId))}?`,
      'I have asked the clerk to confirm that this Teams account is yours. Until they do, I cannot record anything for you.',
      `If it is urgent, please contact ${contact}.`,
    );
  }
  if (!identity.person) {
    return refusal(
      'I do not know who you are yet',
      `Only members of the ${committee.name} can send ${what} through me, and I could not match your Teams account to a member.`,
      `Please contact ${contact}, who can record it for you or link your account.`,
    );
  }
  const self = identity.person.id;
  if (onBehalfOf && onBehalfOf !== self) {
    const target = await records.people.get(onBehalfOf);
    if (!isClerkOf(identity, committee)) {
      return refusal(
        'Only a clerk can do that',
        `Only a clerk can record ${what} on behalf of ${personLabel(target, 'another member')}. Members send their own through me; otherwise please contact ${contact}.`,
      );
    }
    if (!target || !isMemberOf(target.id, committee)) {
      return refusal('Not a member', `${personLabel(target)} is not a member of the ${committee.name}, so nothing has been recorded.`);
    }
    return { kind: 'ok', personId: target.id, onBehalf: true };
  }
  if (!isMemberOf(self, committee)) {
    const clerkHint = isClerkOf(identity, committee)
      ? ` As a clerk, you can record them for a member: say "send apologies on behalf of Councillor <name>".`
      : '';
    return refusal(
      `Only members send ${what}`,
      `${what[0]!.toUpperCase()}${what.slice(1)} are sent by members of the ${committee.name} for themselves.${clerkHint}`,
      `If you are an officer or a substitute and cannot attend, please let ${contact} know.`,
    );
  }
  return { kind: 'ok', personId: self, onBehalf: false };
}

/**
 * Which committee a question is about: the one named in the question, else the one the channel
 * is linked to, else the asker's own (if they sit on exactly one), else the only committee.
 * When that still leaves several, the caller asks which.
 */
export type CommitteeChoice = { kind: 'one'; committee: Committee } | { kind: 'choose'; committees: Committee[] };

export function resolveCommittee(
  all: readonly Committee[],
  hints: { namedId?: string | null; linkedId?: string | null; personId?: string | null },
): CommitteeChoice {
  for (const id of [hints.namedId, hints.linkedId]) {
    const found = id ? all.find((c) => c.id === id) : undefined;
    if (found) return { kind: 'one', committee: found };
  }
  if (hints.personId) {
    // A member, substitute or clerk of one committee only: that one.
    const ids = committeeIdsOf(all, hints.personId);
    if (ids.size === 1) {
      const mine = all.find((c) => ids.has(c.id));
      if (mine) return { kind: 'one', committee: mine };
    }
  }
  if (all.length === 1) return { kind: 'one', committee: all[0]! };
  return { kind: 'choose', committees: [...all] };
}

/**
 * A question about a committee the store does not hold is never answered about another one: it
 * says so plainly and offers the committees held, each with its next meeting, as buttons that
 * ask the same question of that committee.
 */
export async function unknownCommitteeAnswer(records: RecordRepositories, now: Date, typed: string, text: string): Promise<Answer> {
  const named = typed.replace(/\b[a-z][\w'-]*/g, (w) => (/^(?:and|of|the|for)$/.test(w) ? w : w[0]!.toUpperCase() + w.slice(1)));
  const committees = await records.committees.all();
  if (committees.length === 0) return noCommitteesAnswer(await records.council.name());
  const at = text.toLowerCase().indexOf(typed.toLowerCase());
  const nexts = await Promise.all(committees.map((c) => records.meetings.next(c.id, now)));
  const options = committees.map((c, i) => {
    const next = nexts[i];
    return {
      label: next ? `${c.name}: ${meetingWhen(next)}` : c.name,
      text: at >= 0 ? `${text.slice(0, at)}${c.name}${text.slice(at + typed.length)}` : `When is the next meeting of the ${c.name}?`,
    };
  });
  const held = committees.length === 1 ? `the ${committees[0]!.name}` : `${committees.length} committees`;
  return messageAnswer(
    `I do not hold the ${named} meetings`,
    [
      `I do not hold the meetings or papers of ${named}, so I cannot answer that about it, and nothing has been recorded.`,
      `I hold ${held}. Ask about ${committees.length === 1 ? 'it' : 'one of them'} below, or contact Democratic Services about ${named}.`,
    ],
    options,
  );
}
