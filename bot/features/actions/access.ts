import type { Repository, Versioned } from '../../store/repository';
import type { Action, Committee, Person } from '../../store/schema';
import type { Identity } from '../people/identity';
import { clerkContact, isClerkOf, personLabel, refusal, type Refusal } from '../shared/guards';

/**
 * Who may add and update actions, and whom an action can be given to. A role comes only from
 * the verified identity: the action's owner (by person id), the clerk and the chair of the
 * committee the action answers to.
 */

/**
 * The committees an action answers to: its meeting's committee; an action plan's (no meeting),
 * the conversation's committee, or every committee when none is known.
 */
export async function committeesOf(records: Repository, action: Action, committeeId: string | null): Promise<Committee[]> {
  const meeting = action.origin.meetingId ? await records.meetings.get(action.origin.meetingId) : undefined;
  const id = meeting?.committeeId ?? committeeId;
  const committee = id ? await records.committees.get(id) : undefined;
  return committee ? [committee] : [...(await records.committees.all())];
}

export function isChairOf(personId: string, committee: Committee): boolean {
  return committee.membership.some((m) => m.personId === personId && m.role === 'chair');
}

export type UpdateRole = 'owner' | 'clerk' | 'chair';

/** Whether the asker may update the action, and as what; else who can, in a refusal. */
export async function updateRight(
  records: Repository,
  identity: Identity,
  action: Action,
  committeeId: string | null,
): Promise<{ kind: 'ok'; role: UpdateRole } | Refusal> {
  const committees = await committeesOf(records, action, committeeId);
  const person = identity.person;
  if (person) {
    if (action.owner?.personId === person.id) return { kind: 'ok', role: 'owner' };
    if (committees.some((c) => isClerkOf(identity, c))) return { kind: 'ok', role: 'clerk' };
    if (committees.some((c) => isChairOf(person.id, c))) return { kind: 'ok', role: 'chair' };
  }
  const committee = committees[0];
  const chairId = committee?.membership.find((m) => m.role === 'chair')?.personId;
  const chair = chairId ? await records.people.get(chairId) : undefined;
  const who = [
    action.owner ? `its owner (${action.owner.name})` : 'its owner',
    committee ? `the committee's clerk (${await clerkContact(records, committee)})` : "the committee's clerk",
    chair ? `or the chair (${personLabel(chair)})` : 'or the chair',
  ];
  const lines = [`Only ${who.join(', ')} can update ${action.reference}. Nothing has been changed.`];
  if (!person) lines.push('I could not match your Teams account to anyone on our records.');
  return refusal('You cannot update this action', ...lines);
}

/**
 * The people an action can be given to: the committee's members, its clerks, and the officers
 * linked to it (in attendance at its meetings, owning or asking for its actions, or leading an
 * item on its agendas), in that order.
 */
export async function ownerChoices(records: Repository, committee: Committee): Promise<Versioned<Person>[]> {
  const people = await records.people.all();
  const byId = new Map(people.map((p) => [p.id, p]));
  const ids = new Set<string>([...committee.membership.map((m) => m.personId), ...committee.clerkIds]);
  const meetings = await records.meetings.list(committee.id);
  const officers = new Set<string>();
  const leads: string[] = [];
  for (const meeting of meetings) {
    const minutes = await records.minutes.ofMeeting(meeting.id);
    for (const a of minutes?.inAttendance ?? []) if (a.personId) officers.add(a.personId);
    for (const item of meeting.agendaItems) if (item.leadOfficer) leads.push(item.leadOfficer.toLowerCase());
  }
  const meetingIds = new Set(meetings.map((m) => m.id));
  for (const a of await records.actions.list()) {
    if (!a.origin.meetingId || !meetingIds.has(a.origin.meetingId)) continue;
    for (const n of [a.owner, a.requestedBy]) if (n?.personId) officers.add(n.personId);
  }
  for (const p of people) {
    if (p.kind !== 'officer' && p.kind !== 'other') continue;
    if (leads.some((l) => l.includes(p.name.toLowerCase()))) officers.add(p.id);
  }
  for (const id of officers) ids.add(id);
  return [...ids].map((id) => byId.get(id)).filter((p): p is Versioned<Person> => p !== undefined);
}
