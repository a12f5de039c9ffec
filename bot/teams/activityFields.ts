/**
 * The fields of an incoming activity the bot may keep (who sent it, the tenant, the team and
 * channel names, the conversation and its reference), checked for type and length before the
 * turn runs: whatever a sender puts there, what is stored stays valid. Optional fields may be
 * absent or null. Returns a short, polite description of the first problem, or null.
 */
type Rule = { path: string; max: number; required?: boolean };
/** A rule with its path split once: every activity is checked against all of them. */
type Checked<T> = T & { keys: readonly string[] };
const split = <T extends { path: string }>(rule: T): Checked<T> => ({ ...rule, keys: rule.path.split('.') });

const ID = 256;
const NAME = 256;
const GUID = 64;

const OBJECTS = ['from', 'recipient', 'conversation', 'channelData', 'channelData.tenant', 'channelData.team', 'channelData.channel'].map(
  (path) => split({ path }),
);

const STRINGS: Checked<Rule>[] = [
  { path: 'id', max: ID },
  { path: 'replyToId', max: ID },
  { path: 'channelId', max: 64 },
  { path: 'locale', max: 32 },
  { path: 'serviceUrl', max: 2048, required: true },
  { path: 'from.id', max: ID, required: true },
  { path: 'from.name', max: NAME },
  { path: 'from.aadObjectId', max: GUID },
  { path: 'from.role', max: 32 },
  { path: 'recipient.id', max: ID },
  { path: 'recipient.name', max: NAME },
  { path: 'conversation.id', max: 512, required: true },
  { path: 'conversation.name', max: NAME },
  { path: 'conversation.conversationType', max: 32 },
  { path: 'conversation.tenantId', max: GUID },
  { path: 'channelData.tenant.id', max: GUID },
  { path: 'channelData.team.id', max: ID },
  { path: 'channelData.team.name', max: NAME },
  { path: 'channelData.channel.id', max: ID },
  { path: 'channelData.channel.name', max: NAME },
].map(split);

const IS_GROUP = ['conversation', 'isGroup'];

export function activityProblem(activity: Record<string, unknown>): string | null {
  for (const { path, keys } of OBJECTS) {
    const value = at(activity, keys);
    if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) return `${path} must be an object.`;
  }
  for (const rule of STRINGS) {
    const value = at(activity, rule.keys);
    if (value === undefined || value === null) {
      if (rule.required) return `${rule.path} is required.`;
      continue;
    }
    if (typeof value !== 'string' || value.length > rule.max || (rule.required && value.trim() === '')) {
      return `${rule.path} must be text of at most ${rule.max} characters.`;
    }
  }
  if (!/^https?:\/\//i.test(String(activity.serviceUrl)) || !URL.canParse(String(activity.serviceUrl)))
    return 'serviceUrl must be an http or https URL.';
  const isGroup = at(activity, IS_GROUP);
  if (isGroup !== undefined && isGroup !== null && typeof isGroup !== 'boolean') return 'conversation.isGroup must be true or false.';
  return null;
}

function at(value: unknown, keys: readonly string[]): unknown {
  let here = value;
  for (const key of keys) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}
