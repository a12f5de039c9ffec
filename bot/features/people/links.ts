import type { Committee, LinkRequest, Person, StoreData } from '../../store/schema';
import type { Repositories } from '../../store/repositories';
import { messageAnswer, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import type { Claim, Identity } from './identity';
import { peopleNamed } from './identity';
import { personalChatOf } from '../channels/conversations';
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
function committeesOf(data: Readonly<StoreData>, personId: string): Committee[] {
  return data.committees.filter(
    (c) => c.membership.some((m) => m.personId === personId) || c.substitutes.includes(personId) || c.clerkIds.includes(personId),
  );
}

/** Who is asked to confirm a claim to be `person`: the clerks of their committees, or every clerk when they sit on none. */
export function clerksFor(data: Readonly<StoreData>, personId: string): Person[] {
  const committees = committeesOf(data, personId);
  const ids = new Set<string>();
  if (committees.length > 0) {
    for (const c of committees) for (const id of c.clerkIds) ids.add(id);
  } else {
    for (const c of data.committees) for (const id of c.clerkIds) ids.add(id);
    for (const p of data.people) if (p.kind === 'clerk') ids.add(p.id);
  }
  return [...ids].map((id) => data.people.find((p) => p.id === id)).filter((p): p is Person => !!p);
}

/** Whether this clerk may link or unlink `personId` (the same clerks who are asked). */
function mayManage(data: Readonly<StoreData>, identity: Identity, personId: string): boolean {
  if (!identity.person) return false;
  const committees = committeesOf(data, personId);
  if (committees.length === 0) return identity.isClerk;
  return committees.some((c) => isClerkOf(identity, c));
}

/** What the guest is told when a display name is all that matches. */
export function claimAnswer(repo: Repositories, claim: Claim): Answer {
  const who = personLabel(repo.person(claim.personId));
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

/** The card a clerk gets in personal chat for one request. */
export function linkRequestCard(repo: Repositories, request: LinkRequest): Answer {
  const who = personLabel(repo.person(request.personId));
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
      confirmData: { verb: 'link.confirm', requestId: request.id },
      rejectData: { verb: 'link.reject', requestId: request.id },
    },
  };
}

/**
 * Sends the request's card to each clerk asked who can be reached in personal chat. Returns how
 * many it reached; the others see the request under "who is linked".
 */
export async function notifyClerks(deps: ReminderDeps, requestId: string, now: Date): Promise<number> {
  const { repo } = deps;
  const request = repo.store.read((d) => d.linkRequests.find((r) => r.id === requestId));
  if (!request || request.status !== 'pending') return 0;
  const card = linkRequestCard(repo, request);
  const clerks = repo.store.read((d) => clerksFor(d, request.personId));
  let reached = 0;
  for (const clerk of clerks) {
    // Never to the account that is asking (a clerk who is not yet linked cannot be reached anyway).
    if (!clerk.aadObjectId) continue;
    const chat = repo.store.read((d) => personalChatOf(d, clerk.id));
    let target: { id: string; reference: Record<string, unknown> } | null = chat ? { id: chat.id, reference: chat.reference } : null;
    if (!target && clerk.teamsUserId) {
      const opened = await openChat(deps, clerk.id, now);
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

/** A clerk's Confirm or Reject on a request card (checked afresh: cards can be old or forged). */
export async function decideLinkRequest(ctx: QuestionContext, requestId: unknown, decision: 'confirm' | 'reject'): Promise<Answer> {
  const { store } = ctx.repo;
  const request = typeof requestId === 'string' ? store.read((d) => d.linkRequests.find((r) => r.id === requestId)) : undefined;
  if (!request)
    return messageAnswer('That request was not found', ['The card may be out of date. Say "who is linked" to see the requests waiting.']);
  if (!store.read((d) => mayManage(d, ctx.identity, request.personId))) return NOT_A_CLERK;
  const who = personLabel(ctx.repo.person(request.personId));
  const outcome = await store.transact((data, audit) => {
    const r = data.linkRequests.find((x) => x.id === request.id);
    const person = data.people.find((p) => p.id === request.personId);
    if (!r || !person) return 'gone' as const;
    if (r.status !== 'pending') return { already: r.status };
    const before = { ...r };
    const decided = { decidedAt: ctx.now.toISOString(), decidedBy: ctx.identity.actor };
    if (decision === 'confirm') {
      if (person.aadObjectId) return 'person-linked' as const;
      if (data.people.some((p) => p.aadObjectId === r.aadObjectId)) return 'account-linked' as const;
      const personBefore = { aadObjectId: person.aadObjectId ?? null, teamsUserId: person.teamsUserId ?? null };
      person.aadObjectId = r.aadObjectId;
      if (r.teamsUserId) person.teamsUserId = r.teamsUserId;
      audit({
        actor: ctx.identity.actor,
        kind: 'person.linked',
        recordType: 'person',
        recordId: person.id,
        before: personBefore,
        after: {
          aadObjectId: person.aadObjectId,
          teamsUserId: person.teamsUserId ?? null,
          matchedBy: 'clerk',
          requestId: r.id,
          confirmedBy: ctx.identity.actor,
        },
      });
    }
    Object.assign(r, { status: decision === 'confirm' ? 'confirmed' : 'rejected', ...decided });
    audit({
      actor: ctx.identity.actor,
      kind: `linkRequest.${decision === 'confirm' ? 'confirmed' : 'rejected'}`,
      recordType: 'linkRequest',
      recordId: r.id,
      before,
      after: { ...r },
    });
    return decision === 'confirm' ? ('confirmed' as const) : ('rejected' as const);
  });
  const account = request.displayName ?? 'this account';
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
    case 'gone':
      return messageAnswer('That request was not found', ['The card may be out of date. Say "who is linked" to see the requests waiting.']);
  }
}

const MAX_LINKED_SHOWN = 60;
const MAX_PENDING_SHOWN = 8;

/** "who is linked": the people linked to a Teams account, and the requests waiting for a clerk. */
export function whoIsLinked(ctx: QuestionContext): Answer {
  if (!ctx.identity.isClerk) return NOT_A_CLERK;
  const data = ctx.repo.store.read((d) => d);
  const linked = data.people.filter((p) => p.aadObjectId).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const pending = data.linkRequests.filter((r) => r.status === 'pending' && mayManage(data, ctx.identity, r.personId));
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
        const who = personLabel(ctx.repo.person(r.personId));
        return {
          lines: [`Is this ${who}?`, ...requestFacts(r).map((f) => `${f.title}: ${f.value}`)],
          confirmLabel: `Confirm: this is ${who}`,
          confirmData: { verb: 'link.confirm', requestId: r.id },
          rejectData: { verb: 'link.reject', requestId: r.id },
        };
      }),
      notes,
    },
  };
}

/** The person named after "unlink" in the text (titles ignored), or the recogniser's find. */
function personToUnlink(
  ctx: QuestionContext,
  personIds: string[] | undefined,
  text: string,
): { kind: 'one'; person: Person } | { kind: 'none' } | { kind: 'many'; people: Person[] } {
  const rest = text.replace(/^\s*unlink\s+/i, '');
  const people = ctx.repo.people();
  const byName = peopleNamed(people, rest);
  if (byName.length === 1) return { kind: 'one', person: byName[0]! };
  if (byName.length > 1) return { kind: 'many', people: byName };
  const found = (personIds ?? []).map((id) => ctx.repo.person(id)).filter((p): p is Person => !!p);
  if (found.length === 1) return { kind: 'one', person: found[0]! };
  if (found.length > 1) return { kind: 'many', people: found };
  return { kind: 'none' };
}

/** "unlink Councillor X": the Teams account linked to X is no longer X (audited). */
export async function unlinkPerson(ctx: QuestionContext, personIds: string[] | undefined, text: string): Promise<Answer> {
  if (!ctx.identity.isClerk) return NOT_A_CLERK;
  const target = personToUnlink(ctx, personIds, text);
  if (target.kind === 'none')
    return messageAnswer('Who?', ['Say "unlink" and the person\'s name as it is on our records, for example "unlink Councillor Abbas".']);
  if (target.kind === 'many') {
    return messageAnswer('Which person?', [
      'More than one person matches that name:',
      ...target.people.map((p) => `${personLabel(p)} (${p.jobTitle ?? p.kind})`),
    ]);
  }
  const person = target.person;
  const who = personLabel(person);
  if (!ctx.repo.store.read((d) => mayManage(d, ctx.identity, person.id))) return NOT_A_CLERK;
  const outcome = await ctx.repo.store.transact((data, audit) => {
    const p = data.people.find((x) => x.id === person.id);
    if (!p || !p.aadObjectId) return 'not-linked' as const;
    const before = { aadObjectId: p.aadObjectId, teamsUserId: p.teamsUserId ?? null };
    delete p.aadObjectId;
    delete p.teamsUserId;
    audit({
      actor: ctx.identity.actor,
      kind: 'person.unlinked',
      recordType: 'person',
      recordId: p.id,
      before,
      after: { aadObjectId: null, teamsUserId: null },
    });
    // Personal chats with that account are no longer the person's: nothing meant for them goes there.
    for (const c of data.conversations) {
      if (c.type === 'personal' && c.personId === p.id) {
        c.personId = null;
        c.updatedAt = ctx.now.toISOString();
        audit({
          actor: ctx.identity.actor,
          kind: 'conversation.updated',
          recordType: 'conversation',
          recordId: c.id,
          before: { personId: p.id },
          after: { personId: null },
        });
      }
    }
    return 'unlinked' as const;
  });
  if (outcome === 'not-linked') return messageAnswer('Not linked', [`${who} is not linked to a Teams account, so nothing has changed.`]);
  return messageAnswer('Unlinked', [
    `${who} is no longer linked to a Teams account. Whoever used that account is now a guest.`,
    `${who} can link again by email when Teams reports it, by a clerk confirming their request, or through people:import.`,
  ]);
}
