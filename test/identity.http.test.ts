import { writeFileSync } from 'node:fs';
import { buildUser } from './helpers/activities';
import { cardOf, cardText, startTestBot, storedData } from './helpers/testBot';

/** Matching the Teams sender to a person in the store, and what a turn failure looks like. */
const SEPT = 'childrens-os-2023-09-12';

describe('identity', () => {
  test('When the display name differs but Teams gives a known email, then the person is matched by email and linked', async () => {
    const first = await startTestBot();
    const storePath = first.storePath;
    await first.stop();
    const data = storedData(first);
    const abbas = data.people.find((p) => p.id === 'qaisar-abbas');
    if (!abbas) throw new Error('the seed has no qaisar-abbas');
    abbas.email = 'qaisar.abbas@thurrock.gov.uk';
    writeFileSync(storePath, JSON.stringify(data));

    const t = await startTestBot({ storePath });
    try {
      const user = buildUser('Q. A. (Thurrock)', { id: '29:qa', aadObjectId: 'aad-qa' });
      t.connector.members.set(user.id, { id: user.id, name: user.name, aadObjectId: 'aad-qa', email: 'Qaisar.Abbas@thurrock.gov.uk' });
      const reply = cardText(cardOf(await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, user)));
      expect(reply).toMatch(/Apologies sent[\s\S]*Qaisar Abbas/);
      const after = storedData(t);
      expect(after.people.find((p) => p.id === 'qaisar-abbas')!.aadObjectId).toBe('aad-qa');
      expect(after.audit.find((a) => a.kind === 'person.linked')).toMatchObject({ recordId: 'qaisar-abbas', after: { matchedBy: 'email' } });
    } finally {
      await t.stop();
    }
  });

  test('When a person is already linked to another Teams account, then a same-named user is a guest and cannot record', async () => {
    const t = await startTestBot();
    try {
      await t.say('hello', buildUser('Qaisar Abbas')); // links aad-qaisar-abbas
      const impostor = buildUser('Cllr Qaisar Abbas', { id: '29:other', aadObjectId: 'aad-someone-else' });
      const reply = cardText(cardOf(await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, impostor)));
      expect(reply).toMatch(/could not match your Teams account/);
      expect(storedData(t).apologies).toHaveLength(0);
    } finally {
      await t.stop();
    }
  });
});

describe('turn errors', () => {
  test('When a turn fails inside the bot, then the user gets a short apology without internals and the error is logged with the activity id', async () => {
    const t = await startTestBot();
    try {
      await t.bot.store.close(); // every change now fails, as during a shutdown race
      const sent = await t.submit({ verb: 'apologies.submit', meetingId: SEPT }, buildUser('Qaisar Abbas'));
      expect(sent).toHaveLength(1);
      expect(sent[0]!.text).toBe('Sorry, something went wrong on my side. Please try again in a moment.');
      const logged = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'turn failed');
      expect(logged).toMatchObject({ level: 'error', error: 'The store is closed.' });
      expect(typeof logged!.activityId).toBe('string');
    } finally {
      await t.stop();
    }
  });
});
