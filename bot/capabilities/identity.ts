import type { Actor, Committee, Person, StoreData } from '../store/schema';
import type { Store } from '../store/store';

/**
 * Who is talking to the bot, in the committee's terms. A Teams user becomes a known person by
 * their Entra object id, else their email/UPN, else a unique display name; anyone else is a
 * guest, who may ask questions but not record anything.
 */
export interface TeamsUserInfo {
  teamsId: string;
  aadObjectId: string | null;
  name: string | null;
  email?: string | null;
  userPrincipalName?: string | null;
}

export type Match =
  | { kind: 'matched'; person: Person; by: 'aadObjectId' | 'email' | 'name' }
  | { kind: 'ambiguous'; candidates: Person[] }
  | { kind: 'unknown' };

const TITLES = new Set(['cllr', 'councillor', 'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'rev', 'revd']);

/** "Cllr. Elizabeth  RIGBY" → "elizabeth rigby": titles, case, accents-as-typed and spacing ignored. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u200b-\u200f\u2060\ufeff]/g, '')
    .replace(/[.,()]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !TITLES.has(w))
    .join(' ');
}

export function matchPerson(people: readonly Person[], user: TeamsUserInfo): Match {
  if (user.aadObjectId) {
    const byAad = people.find((p) => p.aadObjectId === user.aadObjectId);
    if (byAad) return { kind: 'matched', person: byAad, by: 'aadObjectId' };
  }
  // People already linked to another account are never matched by email or name.
  const linkable = people.filter((p) => !p.aadObjectId || !user.aadObjectId);
  const emails = [user.email, user.userPrincipalName].filter((e): e is string => !!e).map((e) => e.toLowerCase());
  if (emails.length > 0) {
    const byEmail = linkable.filter((p) => p.email && emails.includes(p.email.toLowerCase()));
    if (byEmail.length === 1) return { kind: 'matched', person: byEmail[0]!, by: 'email' };
  }
  if (user.name) {
    const wanted = normaliseName(user.name);
    if (wanted) {
      const byName = linkable.filter((p) => normaliseName(p.name) === wanted);
      if (byName.length === 1) return { kind: 'matched', person: byName[0]!, by: 'name' };
      if (byName.length > 1) return { kind: 'ambiguous', candidates: byName };
    }
  }
  return { kind: 'unknown' };
}

/** A matched person whose Teams ids are not yet (or no longer) what Teams reports. */
function needsLink(person: Person, user: TeamsUserInfo): boolean {
  return (!person.aadObjectId && !!user.aadObjectId) || (!!user.teamsId && person.teamsUserId !== user.teamsId);
}

export type CommitteeRole = 'chair' | 'vice-chair' | 'member' | 'co-opted' | 'substitute' | 'clerk';

export interface Identity {
  /** null for guests. */
  person: Person | null;
  user: TeamsUserInfo;
  /** Roles per committee id. */
  roles: Map<string, CommitteeRole[]>;
  isClerk: boolean;
  isMember: boolean;
  isOfficer: boolean;
  actor: Actor;
}

export function committeeRoles(person: Person, committee: Committee): CommitteeRole[] {
  const roles: CommitteeRole[] = [];
  for (const m of committee.membership) if (m.personId === person.id) roles.push(m.role);
  if (committee.substitutes.includes(person.id)) roles.push('substitute');
  if (committee.clerkIds.includes(person.id)) roles.push('clerk');
  return roles;
}

export function identityFor(data: Readonly<StoreData>, person: Person | null, user: TeamsUserInfo): Identity {
  const roles = new Map<string, CommitteeRole[]>();
  if (person) {
    for (const committee of data.committees) {
      const r = committeeRoles(person, committee);
      if (r.length > 0) roles.set(committee.id, r);
    }
  }
  let clerkOfAny = false;
  for (const r of roles.values()) if (r.includes('clerk')) clerkOfAny = true;
  return {
    person,
    user,
    roles,
    isClerk: person?.kind === 'clerk' || clerkOfAny,
    isMember: person?.kind === 'member',
    isOfficer: person?.kind === 'officer',
    actor: { personId: person?.id ?? null, aadObjectId: user.aadObjectId, name: person?.name ?? user.name ?? undefined },
  };
}

/**
 * Resolves a Teams user against the people in the store. `lookupMember` fetches email/UPN from
 * Teams, and is only called when the object id alone does not identify the user. A match by
 * email or name records the object id (audited), so the next turn needs no lookup.
 */
export async function identify(
  store: Store,
  user: TeamsUserInfo,
  lookupMember: () => Promise<{ email?: string | null; userPrincipalName?: string | null } | null>,
): Promise<Identity> {
  let match = store.read((d) => matchPerson(d.people, user));
  let full = user;
  if (match.kind !== 'matched') {
    const member = await lookupMember().catch(() => null);
    if (member) {
      full = { ...user, email: member.email ?? null, userPrincipalName: member.userPrincipalName ?? null };
      match = store.read((d) => matchPerson(d.people, full));
    }
  }
  if (match.kind === 'matched' && needsLink(match.person, full)) {
    const personId = match.person.id;
    const by = match.by;
    await store.transact((data, audit) => {
      const person = data.people.find((p) => p.id === personId);
      if (!person || !needsLink(person, full)) return;
      const before = { aadObjectId: person.aadObjectId ?? null, teamsUserId: person.teamsUserId ?? null };
      if (!person.aadObjectId && full.aadObjectId) person.aadObjectId = full.aadObjectId;
      // The Teams user id lets the bot open a personal chat for reminders.
      person.teamsUserId = full.teamsId;
      audit({
        actor: { personId, aadObjectId: full.aadObjectId, name: person.name },
        kind: 'person.linked',
        recordType: 'person',
        recordId: personId,
        before,
        after: { aadObjectId: person.aadObjectId ?? null, teamsUserId: person.teamsUserId, matchedBy: by },
      });
    });
  }
  const person = match.kind === 'matched' ? match.person : null;
  return store.read((d) => identityFor(d, person ? (d.people.find((p) => p.id === person.id) ?? null) : null, full));
}
