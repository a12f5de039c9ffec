import { TurnContext, type ConversationParameters } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Answer } from '../features/shared/answer';
import type { Messenger } from '../features/reminders/messenger';
import { DeliveryError } from '../features/reminders/delivery';
import { answerActivity } from './send';
import { conversationSeen } from './conversations';

/** Proactive messages through the Bot Framework adapter (Teams' connector service). */
export function createMessenger(adapter: TeamsAdapter, botAppId: string): Messenger {
  return {
    async send(reference, answer: Answer) {
      const activity = answerActivity(answer);
      // The send's own failure is caught inside the turn: otherwise the adapter's onTurnError
      // would swallow it (and try to post an apology into the failing conversation).
      let failure: unknown = null;
      try {
        await adapter.continueConversationAsync(botAppId, reference, async (context) => {
          try {
            await context.sendActivity(activity);
          } catch (err) {
            failure = err;
          }
        });
      } catch (err) {
        failure = err;
      }
      if (failure) throw toDeliveryError(failure);
    },
    async openPersonalChat({ teamsUserId, tenantId, serviceUrl }) {
      const parameters = {
        isGroup: false,
        bot: { id: botAppId, name: 'Committee Assistant' },
        members: [{ id: teamsUserId, name: '' }],
        tenantId: tenantId ?? undefined,
        channelData: tenantId ? { tenant: { id: tenantId } } : undefined,
      } as ConversationParameters;
      let seen: ReturnType<typeof conversationSeen> | undefined;
      try {
        await adapter.createConversationAsync(botAppId, 'msteams', serviceUrl, '', parameters, (context: TurnContext) => {
          context.activity.conversation.conversationType = 'personal';
          seen = conversationSeen(context, null, true);
          return Promise.resolve();
        });
      } catch (err) {
        throw toDeliveryError(err);
      }
      if (!seen) throw new DeliveryError('Teams did not return a conversation', null, null);
      return seen;
    },
  };
}

/** The status and Retry-After of a failed connector call, whatever shape the SDK gave it. */
function toDeliveryError(err: unknown): DeliveryError {
  const e = err as { statusCode?: number; status?: number; message?: string; response?: { headers?: unknown; status?: number } };
  const status = e.statusCode ?? e.status ?? e.response?.status ?? null;
  const headers = e.response?.headers as { get?: (name: string) => string | undefined } | Record<string, string> | undefined;
  const raw =
    typeof headers?.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string> | undefined)?.['retry-after'];
  const seconds = raw !== undefined ? Number(raw) : Number.NaN;
  return new DeliveryError(
    e.message ?? 'send failed',
    typeof status === 'number' ? status : null,
    Number.isFinite(seconds) ? seconds * 1000 : null,
  );
}
