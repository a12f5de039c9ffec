import type { Repository, Versioned } from '../../store/repository';
import type { Actor, Committee, Person } from '../../store/schema';

/**
 * Who is talking to the bot, in the committee's terms. A role comes only from a verified
 * identity:
 * - the Entra object id (`aadObjectId`) recorded on a person, or
 * - on first contact, the email / UPN Teams reports for the sender (TeamsInfo.getMember) equal
 *   to the person's email, when the tenant allow-list is set, the activity's tenant and the
 *   member's tenant are both on it, and the member is not a guest. The object id is then
 *   recorded, so later turns match by it.
 * A person already linked to an object id is never matched by any other account. A display
 * name proves nothing: one that matches an unlinked person raises a request for a clerk to
 * confirm (see links.ts), and until then the sender is a guest. An activity without an object
 * id is always a guest.
 */
export interface TeamsUserInfo {
  teamsId: string;
  aadObjectId: string | null;
  name: string | null;
  /** The tenant the activity came from. */
  tenantId: string | null;
}

/** What Teams reports about the sender (TeamsInfo.getMember). */
export interface MemberInfo {
  email: string | null;
  userPrincipalName: string | null;
  tenantId: string | null;
  /** "user" for the tenant's own accounts, "guest" for guests. */
  userRole: string | null;
}

export interface IdentityPolicy {
  /** Tenants whose accounts may be matched by email; empty: none (email is not trusted). */
  allowedTenantIds: readonly string[];
}

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

/** The people whose name is `name` (titles ignored), linked or not. */
export function peopleNamed(people: readonly Person[], name: string): Person[] {
  const wanted = normaliseName(name);
  if (!wanted) return [];
  return people.filter((p) => normaliseName(p.name) === wanted);
}

/** Why an email could not be trusted, or the addresses that may be compared. */
export function verifiedEmails(user: TeamsUserInfo, member: MemberInfo | null, policy: IdentityPolicy): string[] {
  const allowed = policy.allowedTenantIds;
  if (allowed.length === 0 || !member) return [];
  if (!user.tenantId || !allowed.includes(user.tenantId)) return [];
  if (!member.tenantId || !allowed.includes(member.tenantId)) return [];
  if (member.userRole !== 'user') return [];
  return [member.email, member.userPrincipalName].filter((e): e is string => !!e && e.trim() !== '').map((e) => e.trim().toLowerCase());
}

/** The one unlinked person whose email is among `emails`, if exactly one. */
export function personWithEmail<P extends Person>(people: readonly P[], emails: readonly string[]): P | undefined {
  if (emails.length === 0) return undefined;
  const found = people.filter((p) => !p.aadObjectId && p.email && emails.includes(p.email.trim().toLowerCase()));
  return found.length === 1 ? found[0] : undefined;
}

/** The one unlinked person whose name is the display name, if exactly one: a claim, not an identity. */
export function personClaimedByName(people: readonly Person[], displayName: string | null): Person | undefined {
  if (!displayName) return undefined;
  const named = peopleNamed(people, displayName);
  if (named.length !== 1 || named[0]!.aadObjectId) return undefined;
  return named[0];
}

export type CommitteeRole = 'chair' | 'vice-chair' | 'member' | 'co-opted' | 'substitute' | 'clerk';

/** A guest whose display name matches a person: what the bot has asked the clerks. */
export interface Claim {
  requestId: string;
  personId: string;
  /** 'raised': asked on this turn (the clerks are to be told); 'pending': asked before. */
  state: 'raised' | 'pending';
}

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
  /** Guests only: a request to be recognised as a person, waiting for a clerk. */
  claim: Claim | null;
}

export function committeeRoles(personId: string, committee: Committee): CommitteeRole[] {
  const roles: CommitteeRole[] = [];
  for (const m of committee.membership) if (m.personId === personId) roles.push(m.role);
  if (committee.substitutes.includes(personId)) roles.push('substitute');
  if (committee.clerkIds.includes(personId)) roles.push('clerk');
  return roles;
}

/**
 * Everyone's roles in each committee (as committeeRoles gives them), worked out once per
 * committees list: the repository hands out the same list until a committee changes, and every
 * message is from someone whose roles across all the council's committees are needed.
 */
const rolesByList = new WeakMap<readonly Committee[], Map<string, Map<string, CommitteeRole[]>>>();
function rolesIndex(committees: readonly Committee[]): Map<string, Map<string, CommitteeRole[]>> {
  let index = rolesByList.get(committees);
  if (!index) {
    index = new Map<string, Map<string, CommitteeRole[]>>();
    for (const committee of committees) {
      const ids = new Set([...committee.membership.map((m) => m.personId), ...committee.substitutes, ...committee.clerkIds]);
      for (const personId of ids) {
        let ofPerson = index.get(personId);
        if (!ofPerson) index.set(personId, (ofPerson = new Map<string, CommitteeRole[]>()));
        ofPerson.set(committee.id, committeeRoles(personId, committee));
      }
    }
    rolesByList.set(committees, index);
  }
  return index;
}

/** The committees `personId` has a role in (member, substitute or clerk), by id, from the kept index. */
export function committeeIdsOf(committees: readonly Committee[], personId: string): ReadonlySet<string> {
  return new Set(rolesIndex(committees).get(personId)?.keys());
}

export function identityFor(
  committees: readonly Committee[],
  person: Person | null,
  user: TeamsUserInfo,
  claim: Claim | null = null,
): Identity {
  const roles = new Map<string, CommitteeRole[]>();
  if (person) for (const [committeeId, r] of rolesIndex(committees).get(person.id) ?? []) roles.set(committeeId, [...r]);
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
    claim: person ? null : claim,
  };
}

/**
 * Resolves a Teams user against the people on record. `lookupMember` asks Teams about the
 * sender; it is called only when the object id alone does not identify them (for the email
 * rule, and for what a clerk is shown with a name claim).
 */
export async function identify(
  records: Repository,
  user: TeamsUserInfo,
  lookupMember: () => Promise<MemberInfo | null>,
  policy: IdentityPolicy,
  now: Date,
  options: { raiseClaim?: boolean } = {},
): Promise<Identity> {
  const committees = await records.committees.all();
  const aadObjectId = user.aadObjectId;
  if (!aadObjectId) return identityFor(committees, null, user);

  const known = await records.people.withObjectId(aadObjectId);
  if (known) {
    if (!user.teamsId || known.teamsUserId === user.teamsId) return identityFor(committees, known, user);
    await recordLink(records, known, user, { by: 'aadObjectId' });
    return identityFor(committees, (await records.people.withObjectId(aadObjectId)) ?? null, user);
  }

  const member = await lookupMember().catch(() => null);
  const emails = verifiedEmails(user, member, policy);
  const byEmail = personWithEmail(await records.people.all(), emails);
  if (byEmail) {
    await recordLink(records, byEmail, user, { by: 'email', email: byEmail.email ?? null, memberTenantId: member?.tenantId ?? null });
    // Linked now, by this turn or (at the same moment) by another turn of the same sender.
    const linked = await records.people.withObjectId(aadObjectId);
    if (linked) return identityFor(committees, linked, user);
  }

  const claim = options.raiseClaim === false ? null : await claimByName(records, user, member, now);
  return identityFor(committees, null, user, claim);
}

/**
 * Records the sender's object id (when the person has none) and Teams user id on a person,
 * audited. Refused (nothing changes) if the person was meanwhile linked to another account.
 */
async function recordLink(
  records: Repository,
  person: Versioned<Person>,
  user: TeamsUserInfo,
  how: { by: 'aadObjectId' } | { by: 'email'; email: string | null; memberTenantId: string | null },
): Promise<void> {
  if (!user.aadObjectId) return;
  const note = {
    matchedBy: how.by,
    ...(how.by === 'email' ? { email: how.email, tenantId: user.tenantId, memberTenantId: how.memberTenantId } : {}),
  };
  // The Teams user id lets the bot open a personal chat for reminders.
  const account = { aadObjectId: user.aadObjectId, teamsUserId: user.teamsId || null };
  const by = { actor: { personId: person.id, aadObjectId: user.aadObjectId, name: person.name }, note };
  const linked = await records.people.link(person.id, person.version, account, by);
  if (linked.ok || linked.error.kind !== 'stale') return;
  // Changed meanwhile (another turn of the same sender): linked again on the fresh record, if still free.
  const fresh = await records.people.get(person.id);
  if (fresh) await records.people.link(fresh.id, fresh.version, account, by);
}

/**
 * A display name that matches exactly one unlinked person: the bot asks that person's clerks
 * to confirm (one pending request per account). A claim a clerk rejected is not raised again.
 */
async function claimByName(records: Repository, user: TeamsUserInfo, member: MemberInfo | null, now: Date): Promise<Claim | null> {
  const aadObjectId = user.aadObjectId!;
  const asked = await records.linkRequests.forAccount(aadObjectId);
  const pending = asked.find((r) => r.status === 'pending');
  if (pending) return { requestId: pending.id, personId: pending.personId, state: 'pending' };
  const person = personClaimedByName(await records.people.all(), user.name);
  if (!person) return null;
  if (asked.some((r) => r.personId === person.id && r.status === 'rejected')) return null;
  const displayName = clip(user.name);
  const created = await records.linkRequests.create(
    {
      personId: person.id,
      aadObjectId,
      teamsUserId: user.teamsId || null,
      displayName,
      userPrincipalName: clip(member?.userPrincipalName ?? null),
      email: clip(member?.email ?? null),
      tenantId: clip(user.tenantId ?? member?.tenantId ?? null),
      createdAt: now.toISOString(),
    },
    { actor: { personId: null, aadObjectId, name: displayName ?? undefined } },
  );
  if (created.ok) return { requestId: created.value.id, personId: person.id, state: 'raised' };
  // Refused: another turn of the same sender raised one first, or the person was linked meanwhile.
  const raised = (await records.linkRequests.forAccount(aadObjectId)).find((r) => r.status === 'pending');
  return raised ? { requestId: raised.id, personId: raised.personId, state: 'pending' } : null;
}

function clip(text: string | null): string | null {
  if (text === null) return null;
  const t = text.trim();
  return t === '' ? null : t.slice(0, 500);
}
