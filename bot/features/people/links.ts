import { ok, type RecordRepositories, type Versioned } from '../../store/repository';
import type { Committee, LinkRequest, Person } from '../../store/schema';
import { messageAnswer, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import type { Claim, Identity } from './identity';
import { peopleNamed } from './identity';
import { deliver, realTimer } from '../reminders/delivery';
import type { ReminderDeps } from '../reminders/messenger';
import { openChat } from '../reminders/reminders';
import { isClerkOf, personLabel } from '../shared/guards';

/**
 * Linking Teams accounts to people, for clerks: confirming or rejecting the requests raised
 * when a display name matches a person ("Are you Councillor X?"), seeing who is linked, and
 * undoing a link. Every change is audited with the clerk who made it.
 */

/** The committees a person sits on, substitutes for or clerks. */
function committeesOf(committees: readonly Committee[], personId: string): Committee[] {
  return committees.filter(
    (c) => c.membership.some((m) => m.personId === personId) || c.substitutes.includes(personId) || c.clerkIds.includes(personId),
  );
}

/** Who is asked to confirm a claim to be `person`: the clerks of their committees, or every clerk when they sit on none. */
async function clerksFor(records: RecordRepositories, personId: string): Promise<Person[]> {
  const all = await records.committees.all();
  const committees = committeesOf(all, personId);
  const ids = new Set<string>();
  if (committees.length > 0) {
    for (const c of committees) for (const id of c.clerkIds) ids.add(id);
  } else {
    for (const c of all) for (const id of c.clerkIds) ids.add(id);
    for (const p of await records.people.all()) if (p.kind === 'clerk') ids.add(p.id);
  }
  const people = await Promise.all([...ids].map((id) => records.people.get(id)));
  return people.filter((p): p is Versioned<Person> => !!p);
}

/** Whether this clerk may link or unlink `personId` (the same clerks who are asked). */
function mayManage(committees: readonly Committee[], identity: Identity, personId: string): boolean {
  if (!identity.person) return false;
  const theirs = committeesOf(committees, personId);
  if (theirs.length === 0) return identity.isClerk;
  return theirs.some((c) => isClerkOf(identity, c));
}

/** What the guest is told when a display name is all that matches. */
export async function claimAnswer(records: RecordRepositories, claim: Claim): Promise<Answer> {
  const who = personLabel(await records.people.get(claim.personId));
  const asked =
    claim.state === 'raised' ? 'I have asked the clerk to confirm.' : 'I have asked the clerk to confirm, and am waiting for their answer.';
  return messageAnswer(`Are you ${who}?`, [
    asked,
    'Until they do, I can answer your questions, but I cannot record anything for you or show you anything that is only for members.',
  ]);
}

function requestFacts(request: LinkRequest): { title: string; value: string }[] {
  return [
    { title: 'Name in Teams', value: request.displayName ?? 'not given' },
    { title: 'Sign-in name (UPN)', value: request.userPrincipalName ?? 'not known' },
    { title: 'Email', value: request.email ?? 'not known' },
    { title: 'Tenant', value: request.tenantId ?? 'not known' },
  ];
}

/** What a Confirm or Reject button sends: the request and the version it showed. */
function decisionData(request: Versioned<LinkRequest>, verb: 'link.confirm' | 'link.reject'): Record<string, unknown> {
  return { verb, requestId: request.id, version: request.version };
}

/** The card a clerk gets in personal chat for one request. */
export async function linkRequestCard(records: RecordRepositories, request: Versioned<LinkRequest>): Promise<Answer> {
  const who = personLabel(await records.people.get(request.personId));
  const facts = requestFacts(request);
  return {
    template: 'link-request',
    view: {
      summary: `Is this ${who}? ${facts.map((f) => `${f.title}: ${f.value}`).join('. ')}`,
      title: `Is this ${who}?`,
      lines: [
        `Someone in Teams whose name matches ${who} has asked to use the Committee Assistant as them. Until you confirm, they are treated as a guest.`,
      ],
      facts,
      confirmLabel: `Confirm: this is ${who}`,
      confirmData: decisionData(request, 'link.confirm'),
      rejectData: decisionData(request, 'link.reject'),
    },
  };
}

/**
 * Sends the request's card to each clerk asked who can be reached in personal chat. Returns how
 * many it reached; the others see the request under "who is linked".
 */
export async function notifyClerks(deps: ReminderDeps, requestId: string): Promise<number> {
  const { records } = deps;
  const request = await records.linkRequests.get(requestId);
  if (!request || request.status !== 'pending') return 0;
  const card = await linkRequestCard(records, request);
  const clerks = await clerksFor(records, request.personId);
  let reached = 0;
  for (const clerk of clerks) {
    // Never to the account that is asking (a clerk who is not yet linked cannot be reached anyway).
    if (!clerk.aadObjectId) continue;
    const chat = await records.conversations.personalChatOf(clerk.id);
    let target: { id: string; reference: Record<string, unknown> } | null = chat ? { id: chat.id, reference: chat.reference } : null;
    if (!target && clerk.teamsUserId) {
      const opened = await openChat(deps, clerk.id);
      if ('detail' in opened) {
        deps.logger?.warn('could not reach a clerk about a link request', { personId: clerk.id, detail: opened.detail });
        continue;
      }
      target = opened;
    }
    if (!target) continue;
    const reference = target.reference;
    const result = await deliver(target.id, () => deps.messenger.send(reference, card), {
      limiter: deps.limiter,
      timer: deps.timer ?? realTimer,
    });
    if (result.outcome === 'sent') reached += 1;
    else
      deps.logger?.warn('could not send a link request to a clerk', { personId: clerk.id, outcome: result.outcome, detail: result.detail });
  }
  return reached;
}

const NOT_A_CLERK = messageAnswer('Only a clerk can do that', ['Linking Teams accounts to people is for the clerks of their committees.']);

type Decided = 'confirmed' | 'rejected' | 'person-linked' | 'account-linked' | { already: string } | { changed: Versioned<LinkRequest> };

/**
 * A clerk's Confirm or Reject on a request card (checked afresh: cards can be old or forged).
 * The card names the version of the request it showed: a request changed since is not decided
 * but shown afresh, to ask again. Confirming links the person and decides the request together.
 */
export async function decideLinkRequest(
  ctx: QuestionContext,
  requestId: unknown,
  decision: 'confirm' | 'reject',
  version?: unknown,
): Promise<Answer> {
  const { records } = ctx;
  const request = typeof requestId === 'string' ? await records.linkRequests.get(requestId) : undefined;
  if (!request)
    return messageAnswer('That request was not found', ['The card may be out of date. Say "who is linked" to see the requests waiting.']);
  if (!mayManage(await records.committees.all(), ctx.identity, request.personId)) return NOT_A_CLERK;
  const person = await records.people.get(request.personId);
  if (!person)
    return messageAnswer('That request was not found', ['The card may be out of date. Say "who is linked" to see the requests waiting.']);
  const who = personLabel(person);
  const shown = typeof version === 'number' && Number.isInteger(version) ? version : request.version;
  const outcome = await decide(ctx, request, person, shown, decision);
  const account = request.displayName ?? 'this account';
  if (typeof outcome === 'object' && 'changed' in outcome) {
    const card = await linkRequestCard(records, outcome.changed);
    const note =
      'This request changed after that card was shown, so nothing has been decided. Here it is as it is now: please choose again.';
    return { ...card, view: { ...card.view, lines: [note, ...(card.view.lines as string[])] } };
  }
  if (typeof outcome === 'object')
    return messageAnswer('Already decided', [`That request was already ${outcome.already}, so nothing has changed.`]);
  switch (outcome) {
    case 'confirmed':
      return messageAnswer('Linked', [
        `${account} is now linked to ${who}. They have ${who}'s role from their next message.`,
        'To undo it, say "unlink ' + who + '".',
      ]);
    case 'rejected':
      return messageAnswer('Rejected', [`${account} is not linked to ${who}, and stays a guest. They will not be asked about again.`]);
    case 'person-linked':
      return messageAnswer('Already linked', [
        `${who} is already linked to another Teams account, so nothing has changed. Say "who is linked" to check, or "unlink ${who}" first.`,
      ]);
    case 'account-linked':
      return messageAnswer('Already linked', [
        'That Teams account is already linked to someone else, so nothing has changed. Say "who is linked" to check.',
      ]);
  }
}

async function decide(
  ctx: QuestionContext,
  request: Versioned<LinkRequest>,
  person: Versioned<Person>,
  shown: number,
  decision: 'confirm' | 'reject',
): Promise<Decided> {
  const { records } = ctx;
  if (request.status !== 'pending') return { already: request.status };
  if (request.version !== shown) return { changed: request };
  const by = { actor: ctx.identity.actor };
  if (decision === 'confirm') {
    if (person.aadObjectId) return 'person-linked';
    if (await records.people.withObjectId(request.aadObjectId)) return 'account-linked';
  }
  const result = await records.transaction(async (tx) => {
    if (decision === 'confirm') {
      const account = { aadObjectId: request.aadObjectId, teamsUserId: request.teamsUserId };
      const note = { matchedBy: 'clerk', requestId: request.id, confirmedBy: ctx.identity.actor };
      const linked = await tx.people.link(person.id, person.version, account, { ...by, note });
      if (!linked.ok) return linked;
    }
    return tx.linkRequests.decide(request.id, request.version, decision === 'confirm' ? 'confirmed' : 'rejected', by);
  });
  if (result.ok) return decision === 'confirm' ? 'confirmed' : 'rejected';
  // Something changed meanwhile: the request (decided or changed) or the person (linked).
  const now = await records.linkRequests.get(request.id);
  if (!now || now.status !== 'pending') return { already: now?.status ?? 'removed' };
  if (result.error.recordType === 'linkRequest') return { changed: now };
  const personNow = await records.people.get(person.id);
  if (personNow?.aadObjectId) return 'person-linked';
  if (await records.people.withObjectId(request.aadObjectId)) return 'account-linked';
  return { changed: now };
}

const MAX_LINKED_SHOWN = 60;
const MAX_PENDING_SHOWN = 8;

/** "who is linked": the people linked to a Teams account, and the requests waiting for a clerk. */
export async function whoIsLinked(ctx: QuestionContext): Promise<Answer> {
  if (!ctx.identity.isClerk) return NOT_A_CLERK;
  const committees = await ctx.records.committees.all();
  const people = await ctx.records.people.all();
  const linked = people.filter((p) => p.aadObjectId).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const pending = (await ctx.records.linkRequests.pending()).filter((r) => mayManage(committees, ctx.identity, r.personId));
  const linkedLines = linked.slice(0, MAX_LINKED_SHOWN).map((p) => `${personLabel(p)}${p.jobTitle ? `, ${p.jobTitle}` : ''}`);
  if (linked.length > MAX_LINKED_SHOWN) linkedLines.push(`and ${linked.length - MAX_LINKED_SHOWN} more`);
  if (linked.length === 0) linkedLines.push('Nobody is linked yet.');
  const notes = ['To undo a link, say "unlink" and the person\'s name, for example "unlink Councillor Abbas".'];
  if (pending.length > MAX_PENDING_SHOWN)
    notes.unshift(`${pending.length - MAX_PENDING_SHOWN} more requests are waiting; they appear here as these are dealt with.`);
  return {
    template: 'links',
    view: {
      summary: `Who is linked: ${linked.length} linked, ${pending.length} waiting for a clerk.`,
      title: 'Who is linked',
      linked: linkedLines,
      noPending: pending.length === 0 ? ['No requests are waiting.'] : [],
      pending: pending.slice(0, MAX_PENDING_SHOWN).map((r) => {
        const who = personLabel(people.find((p) => p.id === r.personId));
        return {
          lines: [`Is this ${who}?`, ...requestFacts(r).map((f) => `${f.title}: ${f.value}`)],
          confirmLabel: `Confirm: this is ${who}`,
          confirmData: decisionData(r, 'link.confirm'),
          rejectData: decisionData(r, 'link.reject'),
        };
      }),
      notes,
    },
  };
}

/** The person named after "unlink" in the text (titles ignored), or the recogniser's find. */
async function personToUnlink(
  ctx: QuestionContext,
  personIds: string[] | undefined,
  text: string,
): Promise<{ kind: 'one'; person: Person } | { kind: 'none' } | { kind: 'many'; people: Person[] }> {
  const rest = text.replace(/^\s*unlink\s+/i, '');
  const people = await ctx.records.people.all();
  const byName = peopleNamed(people, rest);
  if (byName.length === 1) return { kind: 'one', person: byName[0]! };
  if (byName.length > 1) return { kind: 'many', people: byName };
  const found = (personIds ?? []).map((id) => people.find((p) => p.id === id)).filter((p): p is Versioned<Person> => !!p);
  if (found.length === 1) return { kind: 'one', person: found[0]! };
  if (found.length > 1) return { kind: 'many', people: found };
  return { kind: 'none' };
}

/**
 * "unlink Councillor X": the Teams account linked to X is no longer X, and X's personal chats
 * are no longer X's (nothing meant for X goes there): all audited, landing together.
 */
export async function unlinkPerson(ctx: QuestionContext, personIds: string[] | undefined, text: string): Promise<Answer> {
  if (!ctx.identity.isClerk) return NOT_A_CLERK;
  const target = await personToUnlink(ctx, personIds, text);
  if (target.kind === 'none')
    return messageAnswer('Who?', ['Say "unlink" and the person\'s name as it is on our records, for example "unlink Councillor Abbas".']);
  if (target.kind === 'many') {
    return messageAnswer('Which person?', [
      'More than one person matches that name:',
      ...target.people.map((p) => `${personLabel(p)} (${p.jobTitle ?? p.kind})`),
    ]);
  }
  const who = personLabel(target.person);
  if (!mayManage(await ctx.records.committees.all(), ctx.identity, target.person.id)) return NOT_A_CLERK;
  const by = { actor: ctx.identity.actor };
  let outcome: 'unlinked' | 'not-linked' | 'busy' = 'busy';
  // Unlinking is right whatever else changed meanwhile: a stale read is read again.
  for (let attempt = 0; attempt < 3 && outcome === 'busy'; attempt += 1) {
    const result = await ctx.records.transaction(async (tx) => {
      const person = await tx.people.get(target.person.id);
      if (!person?.aadObjectId) return ok('not-linked' as const);
      const unlinked = await tx.people.unlink(person.id, person.version, by);
      if (!unlinked.ok) return unlinked;
      for (const chat of (await tx.conversations.list()).filter((c) => c.type === 'personal' && c.personId === person.id)) {
        const forgotten = await tx.conversations.forgetPerson(chat.id, chat.version, by);
        if (!forgotten.ok) return forgotten;
      }
      return ok('unlinked' as const);
    });
    if (result.ok) outcome = result.value;
  }
  if (outcome === 'not-linked') return messageAnswer('Not linked', [`${who} is not linked to a Teams account, so nothing has changed.`]);
  if (outcome === 'busy')
    return messageAnswer('Please try again', [`${who}'s record was being changed at the same moment, so nothing has changed.`]);
  return messageAnswer('Unlinked', [
    `${who} is no longer linked to a Teams account. Whoever used that account is now a guest.`,
    `${who} can link again by email when Teams reports it, by a clerk confirming their request, or through people:import.`,
  ]);
}
