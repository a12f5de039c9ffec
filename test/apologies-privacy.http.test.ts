import { buildUser, type ConversationKind } from './helpers/activities';
import { readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/** Reasons for absence (often health or family) are shown only in a personal chat. */
const abbas = buildUser('Qaisar Abbas');
const rigby = buildUser('Elizabeth Rigby'); // the chair
const clerk = buildUser('Rhiannon Whiteley');
const SEPT = 'childrens-os-2023-09-12';
const REASON = 'Hospital appointment for my daughter';

describe('apologies list and reasons', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    await t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason: REASON, substituteId: 'aaron-green' }, abbas);
  });
  afterEach(async () => {
    await t.stop();
  });

  test.each<[ConversationKind]>([['channel'], ['groupChat']])(
    'When the chair asks for the apologies list in a %s, then names and substitutes are shown and no reason (which personal chat shows)',
    async (kind) => {
      for (const who of [rigby, clerk]) {
        const list = readCard(await t.say('apologies for the next meeting', who, kind));
        expect(list).toMatch(/Qaisar Abbas/);
        expect(list).toMatch(/Substitute: Councillor Aaron Green/);
        expect(list).not.toContain(REASON);
        expect(list).not.toMatch(/Reason:/);
        // The same people see the reason in personal chat.
        expect(readCard(await t.say('apologies for the next meeting', who))).toContain(`Reason: ${REASON}`);
      }
    },
  );

  test('When a "Full reason" button is pressed in a channel, then the reason is not shown there; in personal chat it is', async () => {
    const full = { verb: 'text.full', record: 'apology', id: storedData(t).apologies[0]!.id, field: 'reason' };
    const inChannel = readCard(await t.submit(full, rigby, 'channel'));
    expect(inChannel).toMatch(/not available/);
    expect(inChannel).not.toContain(REASON);
    expect(readCard(await t.submit(full, abbas))).toMatch(/not available/); // a member who is not the chair
    expect(readCard(await t.submit(full, rigby))).toContain(REASON);
  });
});
