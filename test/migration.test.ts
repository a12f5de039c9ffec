import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildUser } from './helpers/activities';
import { readCard, startTestBot, storedData } from './helpers/testBot';

/**
 * Stores from before identities were verified hold links the bot made because a Teams display
 * name matched (an impostor's among them). Upgrading removes every link made by name alone,
 * audited, and keeps links from the data, from email and from an import.
 */
const SEPT = 'childrens-os-2023-09-12';
const AT = '2023-09-01T10:00:00.000Z';

function linked(personId: string, aadObjectId: string, teamsUserId: string, matchedBy: string) {
  return {
    id: `linked-${personId}`,
    at: AT,
    actor: { personId, aadObjectId, name: personId },
    onBehalfOf: null,
    kind: 'person.linked',
    recordType: 'person',
    recordId: personId,
    before: { aadObjectId: null, teamsUserId: null },
    after: { aadObjectId, teamsUserId, matchedBy },
  };
}

/** A schema 1 store holding a link made by display name alone (its first person.linked entry says matchedBy: 'name'). */
function oldStore(): string {
  const data = storeFromSeed(loadSeed()) as unknown as Record<string, unknown> & ReturnType<typeof storeFromSeed>;
  data.schemaVersion = 1 as never;
  delete (data as Record<string, unknown>).linkRequests;
  const person = (id: string) => data.people.find((p) => p.id === id)!;
  // An impostor named "Rhiannon Whiteley" wrote first and became the clerk.
  Object.assign(person('rhiannon-whiteley'), { aadObjectId: 'aad-impostor', teamsUserId: '29:impostor' });
  Object.assign(person('qaisar-abbas'), { aadObjectId: 'aad-qaisar-abbas', teamsUserId: '29:qaisar-abbas' });
  Object.assign(person('maureen-pearce'), {
    aadObjectId: 'aad-maureen-pearce',
    teamsUserId: '29:maureen-pearce',
    email: 'maureen@example.org',
  });
  Object.assign(person('elizabeth-rigby'), { aadObjectId: 'aad-elizabeth-rigby' }); // from the data itself
  data.audit.push(
    linked('rhiannon-whiteley', 'aad-impostor', '29:impostor', 'name'),
    linked('qaisar-abbas', 'aad-qaisar-abbas', '29:qaisar-abbas', 'name'),
    linked('maureen-pearce', 'aad-maureen-pearce', '29:maureen-pearce', 'email'),
  );
  data.conversations.push({
    id: 'a:personal-29:impostor',
    type: 'personal',
    reference: { serviceUrl: 'http://127.0.0.1:9', conversation: { id: 'a:personal-29:impostor' } },
    tenantId: null,
    teamId: null,
    teamName: null,
    channelName: null,
    personId: 'rhiannon-whiteley',
    committeeId: null,
    installed: true,
    updatedAt: AT,
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'migration-')), 'store.json');
  writeFileSync(file, JSON.stringify(data));
  return file;
}

test('When a store holds links made by display name, then upgrading removes them (audited) and keeps the others, and the impostor is a guest', async () => {
  const storePath = oldStore();
  const t = await startTestBot({ storePath, linkPeople: false });
  try {
    const data = storedData(t);
    const person = (id: string) => data.people.find((p) => p.id === id)!;
    expect(person('rhiannon-whiteley').aadObjectId).toBeUndefined();
    expect(person('rhiannon-whiteley').teamsUserId).toBeUndefined();
    expect(person('qaisar-abbas').aadObjectId).toBeUndefined();
    expect(person('maureen-pearce')).toMatchObject({ aadObjectId: 'aad-maureen-pearce', teamsUserId: '29:maureen-pearce' });
    expect(person('elizabeth-rigby').aadObjectId).toBe('aad-elizabeth-rigby');
    const unlinked = data.audit.filter((a) => a.kind === 'person.unlinked');
    expect(unlinked.map((a) => a.recordId).sort()).toEqual(['qaisar-abbas', 'rhiannon-whiteley']);
    expect(unlinked[0]).toMatchObject({ at: '2023-09-05T08:00:00.000Z', actor: { personId: null }, after: { aadObjectId: null } });
    expect(data.audit.find((a) => a.kind === 'person.unlinked' && a.recordId === 'rhiannon-whiteley')).toMatchObject({
      before: { aadObjectId: 'aad-impostor', teamsUserId: '29:impostor' },
    });
    expect(data.conversations.find((c) => c.id === 'a:personal-29:impostor')!.personId).toBeNull();
    expect(existsSync(`${storePath}.v1.bak`)).toBe(true);

    const impostor = buildUser('Rhiannon Whiteley', { id: '29:impostor', aadObjectId: 'aad-impostor' });
    expect(readCard(await t.say('cancel the meeting on 16 November because there is no business', impostor))).not.toMatch(
      /Meeting cancelled/,
    );
    expect(storedData(t).meetings.find((m) => m.id === 'childrens-os-2023-11-16')!.status).toBe('scheduled');
    expect(
      readCard(await t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason: 'On leave' }, buildUser('Maureen Pearce'))),
    ).toMatch(/Apologies sent/);
  } finally {
    await t.stop();
  }
});
