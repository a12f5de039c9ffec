import type { ChangeBy, Repository } from '../../store/repository';
import type { Answer } from '../shared/answer';
import { deliver, realTimer, type RateLimiter, type Timer } from '../reminders/delivery';
import type { Messenger } from '../reminders/messenger';
import type { Logger } from '../../logger';

/** What sending to a person's personal chat needs (the reminders' delivery machinery). */
export interface PersonalMessaging {
  records: Repository;
  messenger: Messenger;
  limiter: RateLimiter;
  timer?: Timer;
  logger?: Logger;
}

export const BOT_ACTOR: ChangeBy = { actor: { personId: null, aadObjectId: null, name: 'Committee Assistant' } };

export type ChatFound = { kind: 'chat'; id: string; reference: Record<string, unknown> } | { kind: 'none'; detail: string };

/**
 * The person's personal chat with the bot: the one on record, else one opened through Teams
 * when the bot knows their Teams id (learnt when they first talked to it anywhere).
 */
export async function personalChat(deps: PersonalMessaging, personId: string): Promise<ChatFound> {
  const chat = await deps.records.conversations.personalChatOf(personId);
  if (chat) return { kind: 'chat', id: chat.id, reference: chat.reference };
  const person = await deps.records.people.get(personId);
  if (!person?.teamsUserId) return { kind: 'none', detail: 'has not used the bot in Teams yet' };
  const template = (await deps.records.conversations.list()).find((c) => c.installed && typeof c.reference.serviceUrl === 'string');
  if (!template) return { kind: 'none', detail: 'no way to open a chat with them yet' };
  try {
    const seen = await deps.messenger.openPersonalChat({
      teamsUserId: person.teamsUserId,
      tenantId: template.tenantId,
      serviceUrl: String(template.reference.serviceUrl),
    });
    const remembered = await deps.records.conversations.remember(
      {
        id: seen.id,
        type: 'personal',
        reference: seen.reference,
        tenantId: seen.tenantId,
        teamId: null,
        teamName: null,
        channelName: null,
        personId,
        installed: true,
      },
      BOT_ACTOR,
    );
    if (!remembered.ok) deps.logger?.warn('could not record a personal chat opened for a person', { personId });
    return { kind: 'chat', id: seen.id, reference: seen.reference };
  } catch (err) {
    return { kind: 'none', detail: `could not open a personal chat (${(err as Error).message.slice(0, 100)})` };
  }
}

/** Sends one card to a person's personal chat at Teams' pace; never throws. */
export async function sendToPerson(
  deps: PersonalMessaging,
  personId: string,
  answer: Answer,
): Promise<{ outcome: 'sent' | 'failed' | 'unreachable'; detail?: string; conversationId: string | null }> {
  const chat = await personalChat(deps, personId);
  if (chat.kind === 'none') return { outcome: 'unreachable', detail: chat.detail, conversationId: null };
  const result = await deliver(chat.id, () => deps.messenger.send(chat.reference, answer), {
    limiter: deps.limiter,
    timer: deps.timer ?? realTimer,
  });
  return { outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}), conversationId: chat.id };
}
