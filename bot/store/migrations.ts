import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSION } from './schema';

/**
 * Migration hook. Each entry lifts a store from version N to N+1; add one whenever
 * SCHEMA_VERSION is bumped. Migrations work on plain JSON before schema validation; what they
 * change in records they audit, stamped with `now` (the bot's clock at start-up).
 */
type Migration = (raw: Record<string, unknown>, now: Date) => Record<string, unknown>;

export const migrations: Record<number, Migration> = {
  1: (raw, now) => unlinkNameMatches({ ...raw, schemaVersion: 2, linkRequests: [] }, now),
};

export class MigrationError extends Error {}

/** Returns the migrated JSON and whether anything changed. */
export function migrate(raw: Record<string, unknown>, now: Date): { data: Record<string, unknown>; migrated: boolean } {
  let data = raw;
  const found = data.schemaVersion;
  if (typeof found !== 'number' || !Number.isInteger(found)) {
    throw new MigrationError('schemaVersion is missing or not a whole number');
  }
  let version: number = found;
  if (version > SCHEMA_VERSION) {
    throw new MigrationError(`schemaVersion ${version} is newer than this bot understands (${SCHEMA_VERSION}); upgrade the bot`);
  }
  const start = version;
  while (version < SCHEMA_VERSION) {
    const step = migrations[version];
    if (!step) throw new MigrationError(`no migration from schemaVersion ${version}`);
    data = step(data, now);
    version = data.schemaVersion as number;
  }
  return { data, migrated: version !== start };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const UPGRADE_ACTOR = { personId: null, aadObjectId: null, name: 'Committee Assistant (store upgrade)' };

/**
 * A display name proves nothing, so a link the bot made because a Teams name matched a
 * person's name is removed: that person links again by object id or verified email. The link
 * came from a name when the audit entry that first recorded the person's current object id
 * (`person.linked`) says `matchedBy: 'name'`. Links from the data, from email or from an
 * import are kept. The account's Teams user id and personal chats go with the link, so
 * nothing meant for the person reaches that account.
 */
function unlinkNameMatches(data: Json, now: Date): Json {
  // A store that is not the right shape is left as it is, for validation to refuse.
  if (!Array.isArray(data.people) || !Array.isArray(data.audit)) return data;
  const people = data.people as unknown[];
  const audit = Array.isArray(data.audit) ? [...(data.audit as unknown[])] : [];
  const conversations = Array.isArray(data.conversations)
    ? (data.conversations as unknown[]).map((c) => (isObject(c) ? { ...c } : c))
    : data.conversations;
  const at = now.toISOString();
  const nextPeople = people.map((p) => {
    if (!isObject(p) || typeof p.id !== 'string' || typeof p.aadObjectId !== 'string') return p;
    const linking = audit.find(
      (e): e is Json =>
        isObject(e) &&
        e.kind === 'person.linked' &&
        e.recordId === p.id &&
        isObject(e.after) &&
        e.after.aadObjectId === p.aadObjectId &&
        !(isObject(e.before) && e.before.aadObjectId === p.aadObjectId),
    );
    if (!linking || (linking.after as Json).matchedBy !== 'name') return p;
    const { aadObjectId, teamsUserId, ...rest } = p;
    audit.push({
      id: randomUUID(),
      at,
      actor: UPGRADE_ACTOR,
      onBehalfOf: null,
      kind: 'person.unlinked',
      recordType: 'person',
      recordId: p.id,
      before: { aadObjectId, teamsUserId: teamsUserId ?? null },
      after: { aadObjectId: null, teamsUserId: null, reason: 'linked by display name only' },
    });
    if (Array.isArray(conversations)) {
      for (const c of conversations) {
        if (isObject(c) && c.type === 'personal' && c.personId === p.id) {
          audit.push({
            id: randomUUID(),
            at,
            actor: UPGRADE_ACTOR,
            onBehalfOf: null,
            kind: 'conversation.updated',
            recordType: 'conversation',
            recordId: String(c.id),
            before: { personId: p.id },
            after: { personId: null },
          });
          c.personId = null;
        }
      }
    }
    return rest;
  });
  return { ...data, people: nextPeople, conversations, audit };
}
