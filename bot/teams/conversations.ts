import { TurnContext } from 'botbuilder';
import type { ConversationSeen } from '../features/reminders/messenger';
import { copyData } from '../store/copy';

/** What Teams tells us about the conversation of this activity, in the store's terms. */
export function conversationSeen(context: TurnContext, personId: string | null, installed: boolean | null): ConversationSeen {
  const activity = context.activity;
  const channelData = (activity.channelData ?? {}) as {
    tenant?: { id?: string };
    team?: { id?: string; name?: string };
    channel?: { id?: string; name?: string };
  };
  const rawType = activity.conversation.conversationType;
  const type = rawType === 'channel' ? 'channel' : rawType === 'groupChat' ? 'groupChat' : 'personal';
  // Only the fields Teams needs to reach the conversation again (checked in activityFields):
  // anything else a sender adds to the activity is not kept. A copy: the reference shares
  // objects with the activity.
  const full = TurnContext.getConversationReference(activity);
  const reference = copyData({
    activityId: full.activityId,
    user: pick(full.user, ['id', 'name', 'aadObjectId', 'role']),
    bot: pick(full.bot, ['id', 'name', 'role']),
    conversation: pick(full.conversation, ['id', 'name', 'conversationType', 'tenantId', 'isGroup']),
    channelId: full.channelId,
    locale: full.locale,
    serviceUrl: full.serviceUrl,
  }) as Record<string, unknown>;
  return {
    id: activity.conversation.id,
    type,
    reference,
    tenantId: channelData.tenant?.id ?? activity.conversation.tenantId ?? null,
    teamId: channelData.team?.id ?? null,
    teamName: channelData.team?.name ?? null,
    channelName: channelData.channel?.name ?? (type === 'channel' ? (activity.conversation.name ?? null) : null),
    personId: type === 'personal' ? personId : null,
    installed,
  };
}

function pick(value: object | undefined, keys: string[]): Record<string, unknown> | undefined {
  if (!value) return undefined;
  const source = value as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}
