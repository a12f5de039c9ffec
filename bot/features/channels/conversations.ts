import type { Conversation, StoreData } from '../../store/schema';
import type { Store } from '../../store/store';
import { messageAnswer, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import type { ConversationSeen } from '../reminders/messenger';
import { clerkOnly } from '../shared/guards';
import { noCommitteesAnswer } from '../shared/noCommittees';

/**
 * Where the bot can post: every conversation it has been installed in or spoken to, with the
 * reference Teams needs for proactive messages, and the committee a channel is linked to.
 */
const SYSTEM_ACTOR = { personId: null, aadObjectId: null, name: 'Teams' };

/** Records a conversation, writing only when something Teams told us has changed. */
export async function rememberConversation(store: Store, seen: ConversationSeen, now: Date): Promise<void> {
  const changed = (c: Conversation | undefined) =>
    !c ||
    c.type !== seen.type ||
    (seen.installed !== null && c.installed !== seen.installed) ||
    (seen.personId !== null && c.personId !== seen.personId) ||
    (seen.teamName !== null && c.teamName !== seen.teamName) ||
    (seen.channelName !== null && c.channelName !== seen.channelName) ||
    (c.reference as { serviceUrl?: unknown }).serviceUrl !== seen.reference.serviceUrl;
  if (!changed(store.read((d) => d.conversations.find((c) => c.id === seen.id)))) return;
  await store.transact((data, audit) => {
    const existing = data.conversations.find((c) => c.id === seen.id);
    if (!changed(existing)) return;
    const next: Conversation = {
      id: seen.id,
      type: seen.type,
      reference: seen.reference,
      tenantId: seen.tenantId ?? existing?.tenantId ?? null,
      teamId: seen.teamId ?? existing?.teamId ?? null,
      teamName: seen.teamName ?? existing?.teamName ?? null,
      channelName: seen.channelName ?? existing?.channelName ?? null,
      personId: seen.personId ?? existing?.personId ?? null,
      committeeId: existing?.committeeId ?? null,
      installed: seen.installed ?? existing?.installed ?? true,
      updatedAt: now.toISOString(),
    };
    // Taken before the record is changed in place, or the audit's "before" would show the new values.
    const before = existing ? { installed: existing.installed, personId: existing.personId } : undefined;
    if (existing) Object.assign(existing, next);
    else data.conversations.push(next);
    audit({
      actor: SYSTEM_ACTOR,
      kind: existing ? 'conversation.updated' : 'conversation.added',
      recordType: 'conversation',
      recordId: seen.id,
      ...(before ? { before } : {}),
      after: {
        type: next.type,
        installed: next.installed,
        personId: next.personId,
        teamName: next.teamName,
        channelName: next.channelName,
      },
    });
  });
}

/** The personal chat the bot can post to for a person, if it has one. */
export function personalChatOf(data: Readonly<StoreData>, personId: string): Conversation | undefined {
  return data.conversations.find((c) => c.type === 'personal' && c.personId === personId && c.installed);
}

/** The channels linked to a committee (where agenda reminders go). */
export function committeeChannels(data: Readonly<StoreData>, committeeId: string): Conversation[] {
  return data.conversations.filter((c) => c.committeeId === committeeId && c.type !== 'personal' && c.installed);
}

/** "link this channel to <committee>": clerks only, in a channel or group chat. */
export async function linkChannel(ctx: QuestionContext, committeeId: string | undefined): Promise<Answer> {
  const committee = committeeId ? ctx.repo.committee(committeeId) : undefined;
  if (!committee) {
    const names = ctx.repo.committees().map((c) => c.name);
    if (names.length === 0) return noCommitteesAnswer(await ctx.records.council.name());
    return messageAnswer('Which committee?', [`Say "link this channel to" and the committee's name: ${names.join('; ')}.`]);
  }
  const refused = await clerkOnly(ctx, committee, (clerk) => `Linking a channel to a committee is for its clerk, ${clerk}.`);
  if (refused) return refused;
  if (ctx.conversation.type === 'personal') {
    return messageAnswer('Link from the channel', [
      "Say this in the committee's Teams channel (with @Committee Assistant), not in a personal chat.",
    ]);
  }
  const outcome = await ctx.repo.store.transact((data, audit) => {
    const conversation = data.conversations.find((c) => c.id === ctx.conversation.id);
    if (!conversation) return 'unknown' as const;
    if (conversation.committeeId === committee.id) return 'already' as const;
    const before = conversation.committeeId;
    conversation.committeeId = committee.id;
    conversation.updatedAt = ctx.now.toISOString();
    audit({
      actor: ctx.identity.actor,
      kind: 'conversation.linked',
      recordType: 'conversation',
      recordId: conversation.id,
      before: { committeeId: before },
      after: { committeeId: committee.id },
    });
    return 'linked' as const;
  });
  if (outcome === 'unknown')
    return messageAnswer('Not ready yet', ['I have not got this channel on record yet. Please try again in a moment.']);
  const title = outcome === 'already' ? 'Already linked' : 'Channel linked';
  return messageAnswer(title, [
    `This channel is linked to the ${committee.name}.`,
    'Questions asked here are answered for this committee, and agenda reminders for it are posted here.',
  ]);
}

export async function unlinkChannel(ctx: QuestionContext): Promise<Answer> {
  const conversation = ctx.repo.store.read((d) => d.conversations.find((c) => c.id === ctx.conversation.id));
  const committee = conversation?.committeeId ? ctx.repo.committee(conversation.committeeId) : undefined;
  if (!conversation || !committee) return messageAnswer('Not linked', ['This conversation is not linked to a committee.']);
  const refused = await clerkOnly(ctx, committee, (clerk) => `Unlinking a channel is for the committee's clerk, ${clerk}.`);
  if (refused) return refused;
  await ctx.repo.store.transact((data, audit) => {
    const c = data.conversations.find((x) => x.id === conversation.id);
    if (!c || !c.committeeId) return;
    const before = c.committeeId;
    c.committeeId = null;
    c.updatedAt = ctx.now.toISOString();
    audit({
      actor: ctx.identity.actor,
      kind: 'conversation.unlinked',
      recordType: 'conversation',
      recordId: c.id,
      before: { committeeId: before },
      after: { committeeId: null },
    });
  });
  return messageAnswer('Channel unlinked', [
    `This channel is no longer linked to the ${committee.name}. Agenda reminders will not be posted here.`,
  ]);
}
