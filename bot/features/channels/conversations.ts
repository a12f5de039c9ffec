import { reportsChange, type ChangeBy, type ConversationSeen, type Repository } from '../../store/repository';
import { messageAnswer, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import { clerkOnly } from '../shared/guards';
import { noCommitteesAnswer } from '../shared/noCommittees';

/**
 * Where the bot can post: every conversation it has been installed in or spoken to, with the
 * reference Teams needs for proactive messages, and the committee a channel is linked to.
 */
const SYSTEM: ChangeBy = { actor: { personId: null, aadObjectId: null, name: 'Teams' } };

/** Records a conversation, writing only when something Teams told us has changed. */
export async function rememberConversation(records: Repository, seen: ConversationSeen): Promise<void> {
  const recorded = await records.conversations.get(seen.id);
  if (recorded && !reportsChange(recorded, seen)) return;
  const result = await records.conversations.remember(seen, SYSTEM);
  if (!result.ok) throw new Error(`could not record conversation ${seen.id}: ${result.error.kind}`);
}

/** "link this channel to <committee>": clerks only, in a channel or group chat. */
export async function linkChannel(ctx: QuestionContext, committeeId: string | undefined): Promise<Answer> {
  const committee = committeeId ? await ctx.records.committees.get(committeeId) : undefined;
  if (!committee) {
    const names = (await ctx.records.committees.all()).map((c) => c.name);
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
  let outcome: 'unknown' | 'already' | 'linked' = 'unknown';
  // Linking is right whatever else changed in the record meanwhile: a stale read is read again.
  for (let attempt = 0; attempt < 3 && outcome === 'unknown'; attempt += 1) {
    const conversation = await ctx.records.conversations.get(ctx.conversation.id);
    if (!conversation) break;
    if (conversation.committeeId === committee.id) outcome = 'already';
    else if (
      (await ctx.records.conversations.linkCommittee(conversation.id, conversation.version, committee.id, { actor: ctx.identity.actor })).ok
    )
      outcome = 'linked';
  }
  if (outcome === 'unknown')
    return messageAnswer('Not ready yet', ['I have not got this channel on record yet. Please try again in a moment.']);
  const title = outcome === 'already' ? 'Already linked' : 'Channel linked';
  return messageAnswer(title, [
    `This channel is linked to the ${committee.name}.`,
    'Questions asked here are answered for this committee, and agenda reminders for it are posted here.',
  ]);
}

export async function unlinkChannel(ctx: QuestionContext): Promise<Answer> {
  const conversation = await ctx.records.conversations.get(ctx.conversation.id);
  const committee = conversation?.committeeId ? await ctx.records.committees.get(conversation.committeeId) : undefined;
  if (!conversation || !committee) return messageAnswer('Not linked', ['This conversation is not linked to a committee.']);
  const refused = await clerkOnly(ctx, committee, (clerk) => `Unlinking a channel is for the committee's clerk, ${clerk}.`);
  if (refused) return refused;
  // Unlinking is right whatever else changed in the record meanwhile: a stale read is read again.
  let current: typeof conversation | undefined = conversation;
  for (let attempt = 0; attempt < 3 && current?.committeeId; attempt += 1) {
    if ((await ctx.records.conversations.linkCommittee(current.id, current.version, null, { actor: ctx.identity.actor })).ok) break;
    current = await ctx.records.conversations.get(current.id);
  }
  return messageAnswer('Channel unlinked', [
    `This channel is no longer linked to the ${committee.name}. Agenda reminders will not be posted here.`,
  ]);
}
