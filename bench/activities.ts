import { randomUUID } from 'node:crypto';

/** Teams-shaped activities for the benchmarks (personal chats, one tenant). */
export const TENANT_ID = '72f988bf-0000-4000-8000-00000000c0de';
const BOT = { id: '28:committee-assistant-bot', name: 'Committee Assistant' };

export interface BenchUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export function benchUser(name: string): BenchUser {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return { id: `29:${slug}`, name, aadObjectId: `aad-${slug}` };
}

/**
 * Links every person not yet linked to the object id their bench user carries, as an
 * administrator's people:import records it: the bot gives a role only to a known object id.
 */
export function linkPeopleAsBenchUsers<T extends { people: { name: string; aadObjectId?: string }[] }>(data: T): T {
  for (const person of data.people) if (!person.aadObjectId) person.aadObjectId = benchUser(person.name).aadObjectId;
  return data;
}

function base(serviceUrl: string, from: BenchUser): Record<string, unknown> {
  return {
    type: 'message',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation: { id: `a:personal-${from.id}`, conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    locale: 'en-GB',
  };
}

export function message(serviceUrl: string, from: BenchUser, text: string): Record<string, unknown> {
  return { ...base(serviceUrl, from), text, textFormat: 'plain' };
}

export function submit(serviceUrl: string, from: BenchUser, value: Record<string, unknown>): Record<string, unknown> {
  return { ...base(serviceUrl, from), value };
}
