import { randomUUID } from 'node:crypto';

/**
 * Builders for Teams-shaped activities, as Teams posts them to /api/messages.
 * Override any field: buildMessage({ text: 'help', from: councillor }).
 */
export const TENANT_ID = '72f988bf-0000-4000-8000-00000000c0de';
export const BOT = { id: '28:committee-assistant-bot', name: 'Committee Assistant' };

export interface TeamsUser {
  id: string; // 29:... Teams user id
  name: string;
  aadObjectId?: string;
}

export type ConversationKind = 'personal' | 'channel' | 'groupChat';

export function buildUser(name: string, overrides: Partial<TeamsUser> = {}): TeamsUser {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return { id: `29:${slug}`, name, aadObjectId: `aad-${slug}`, ...overrides };
}

export function conversationFor(kind: ConversationKind, user: TeamsUser, channel = 'committee-channel') {
  if (kind === 'personal') {
    return { id: `a:personal-${user.id}`, conversationType: 'personal', tenantId: TENANT_ID };
  }
  if (kind === 'channel') {
    return { id: `19:${channel}@thread.tacv2`, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID, name: channel };
  }
  return { id: `19:group-${channel}@thread.v2`, conversationType: 'groupChat', isGroup: true, tenantId: TENANT_ID };
}

interface BuildOptions {
  serviceUrl: string;
  from: TeamsUser;
  kind?: ConversationKind;
  channel?: string;
  tenantId?: string;
}

function base(type: string, o: BuildOptions): Record<string, unknown> {
  const kind = o.kind ?? 'personal';
  const tenantId = o.tenantId ?? TENANT_ID;
  const conversation = { ...conversationFor(kind, o.from, o.channel), tenantId };
  const channelData: Record<string, unknown> = { tenant: { id: tenantId } };
  if (kind === 'channel') {
    channelData.team = { id: `19:team-${o.channel ?? 'committee-channel'}@thread.tacv2`, name: "Children's Services O&S" };
    channelData.channel = { id: conversation.id, name: o.channel ?? 'committee-channel' };
  }
  return {
    type,
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    from: { id: o.from.id, name: o.from.name, aadObjectId: o.from.aadObjectId },
    recipient: BOT,
    conversation,
    channelData,
    locale: 'en-GB',
  };
}

/** A typed message; in channels Teams adds the @mention of the bot, which we add too. */
export function buildMessage(text: string, o: BuildOptions): Record<string, unknown> {
  const activity = base('message', o);
  if ((o.kind ?? 'personal') !== 'personal') {
    const mention = `<at>${BOT.name}</at>`;
    activity.text = `${mention} ${text}`;
    activity.entities = [{ type: 'mention', text: mention, mentioned: BOT }];
  } else {
    activity.text = text;
  }
  activity.textFormat = 'plain';
  return activity;
}

/** An Action.Submit click on a card: a message activity with `value` and no text. */
export function buildSubmit(value: Record<string, unknown>, o: BuildOptions): Record<string, unknown> {
  const activity = base('message', o);
  activity.value = value;
  return activity;
}

/** The bot being added to a conversation (install). */
export function buildInstall(o: BuildOptions): Record<string, unknown> {
  const activity = base('conversationUpdate', o);
  activity.membersAdded = [{ id: BOT.id }];
  return activity;
}

export function buildInstallationUpdate(o: BuildOptions, action: 'add' | 'remove' = 'add'): Record<string, unknown> {
  const activity = base('installationUpdate', o);
  activity.action = action;
  return activity;
}
