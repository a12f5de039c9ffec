import { TurnContext } from 'botbuilder';
import type { ConversationSeen } from '../capabilities/conversations';
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
  // A copy: the reference shares objects with the activity, and is kept in the store.
  const reference = copyData(TurnContext.getConversationReference(activity)) as Record<string, unknown>;
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
