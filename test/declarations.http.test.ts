import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import { buildUser } from './helpers/activities';
import { cardOf, checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/** Declarations of interest and the clerk's minutes text, over HTTP with the clock pinned. */
const abbas = buildUser('Qaisar Abbas');
const rigby = buildUser('Elizabeth Rigby');
const clerk = buildUser('Rhiannon Whiteley');
const officer = buildUser('Janet Simon');
const SEPT = 'childrens-os-2023-09-12';
const JUNE = 'childrens-os-2023-06-15';

const declare = (t: TestBot, who = abbas, over: Record<string, unknown> = {}) =>
  t.submit(
    {
      verb: 'declaration.submit',
      meetingId: SEPT,
      itemNumber: '8',
      kind: 'disclosable-pecuniary',
      nature: 'My wife works for the provider',
      onRegister: 'false',
      ...over,
    },
    who,
  );

describe('declaring an interest', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  test('When a councillor types "I need to declare an interest in item 6", then a form opens for 12 September with item 6 chosen and the three kinds explained', async () => {
    const form = checkedCardOf(await t.say('I need to declare an interest in item 6', abbas));
    const json = JSON.stringify(form);
    expect(json).toContain('"id":"itemNumber"');
    expect(json).toMatch(/"id":"itemNumber"[^}]*"value":"6"/);
    expect(json).toContain('Disclosable pecuniary interest');
    expect(json).toContain('Other registrable interest');
    expect(json).toContain('Non-registrable interest');
    expect(json).toContain('Tuesday 12 September 2023, 7.00 pm');
    expect(json).toContain('"verb":"declaration.submit"');
  });

  test('When a councillor types the kind and nature, then the form is filled in with them', async () => {
    const form = JSON.stringify(cardOf(await t.say('declare a pecuniary interest in item 8, my wife works for the provider', abbas)));
    expect(form).toMatch(/"id":"kind"[^}]*"value":"disclosable-pecuniary"/);
    expect(form).toMatch(/"value":"my wife works for the provider"/);
  });

  test('When a disclosable pecuniary interest not on the register is declared, then the confirmation says leave the room and notify the Monitoring Officer by Monday 9 October 2023', async () => {
    const reply = readCard(await declare(t));
    expect(reply).toMatch(/Interest declared/);
    expect(reply).toMatch(/Item 8: Family Hubs/);
    expect(reply).toMatch(/must not take part in the discussion or vote[\s\S]*leave the room[\s\S]*dispensation/);
    expect(reply).toMatch(/Monitoring Officer within 28 days, that is by Monday 9 October 2023/);
    const data = storedData(t);
    expect(data.declarations).toHaveLength(1);
    expect(data.declarations[0]).toMatchObject({
      personId: 'qaisar-abbas',
      agendaItemNumber: '8',
      kind: 'disclosable-pecuniary',
      onRegister: false,
    });
    expect(data.audit.find((a) => a.kind === 'declaration.made')).toMatchObject({
      actor: { personId: 'qaisar-abbas' },
      recordId: data.declarations[0]!.id,
    });
  });

  test('When a non-registrable interest is declared, then the confirmation explains what the code requires for it', async () => {
    const reply = readCard(await declare(t, abbas, { kind: 'non-registrable', nature: 'My niece attends a family hub', itemNumber: '8' }));
    expect(reply).toMatch(/enough detail for the public to understand it/);
    expect(reply).not.toMatch(/28 days/);
  });

  test('When the same item is declared again, then the one record is updated and the earlier version is kept in the audit', async () => {
    await declare(t);
    const reply = readCard(await declare(t, abbas, { nature: 'My wife is a director of the provider' }));
    expect(reply).toMatch(/Declaration updated[\s\S]*replaces your earlier declaration/);
    const data = storedData(t);
    expect(data.declarations).toHaveLength(1);
    expect(data.audit.find((a) => a.kind === 'declaration.updated')).toMatchObject({
      before: { nature: 'My wife works for the provider' },
      after: { nature: 'My wife is a director of the provider' },
    });
  });

  test.each([
    ['an item not on the agenda', { itemNumber: '99' }, /Item 99 is not on the agenda/],
    ['an empty nature', { nature: '   ' }, /describe the nature of the interest/],
    ['a 10 KB nature', { nature: 'n'.repeat(10 * 1024) }, /keep the description to 1000 characters/],
    ['no kind', { kind: 'made-up' }, /choose the kind of interest/],
    ['a meeting that has passed', { meetingId: JUNE }, /already started|taken place/],
    [
      'another member without being a clerk',
      { onBehalfOf: 'elizabeth-rigby' },
      /Only a clerk can record declarations of interest on behalf of Councillor Elizabeth Rigby/,
    ],
  ])('When a councillor submits %s, then they get a clear message and nothing is recorded', async (_label, over, message) => {
    expect(readCard(await declare(t, abbas, over))).toMatch(message);
    expect(storedData(t).declarations).toHaveLength(0);
  });

  test('When an officer tries to declare, then they are told who declares and nothing is recorded', async () => {
    expect(readCard(await declare(t, officer))).toMatch(/declared? by members|sent by members/i);
    expect(storedData(t).declarations).toHaveLength(0);
  });

  test('When the nature holds template syntax, then it is stored as typed and shown literally', async () => {
    const nature = 'Director of ${company} {{DATE(2017-02-14T06:08:39Z, SHORT)}}';
    const sent = await declare(t, abbas, { nature });
    expect(JSON.stringify(cardOf(sent))).not.toContain('${');
    expect(readCard(sent)).toContain(nature);
    expect(storedData(t).declarations[0]!.nature).toBe(nature);
  });

  test('When the clerk lists declarations, then they are grouped by agenda item; a member sees their own', async () => {
    await declare(t);
    await declare(t, rigby, {
      kind: 'other-registrable',
      nature: "Trustee of a local children's charity",
      itemNumber: '6',
      onRegister: 'true',
    });
    const list = readCard(await t.say('declarations for the next meeting', clerk));
    expect(list).toMatch(/Item 6: 2022\/23 Annual Complaints[\s\S]*Elizabeth Rigby[\s\S]*Item 8: Family Hubs[\s\S]*Qaisar Abbas/);
    const mine = readCard(await t.say('my declarations', abbas));
    expect(mine).toMatch(/Qaisar Abbas/);
    expect(mine).not.toMatch(/Elizabeth Rigby: /);
  });
});

describe('minutes text', () => {
  test("When apologies, a substitute and a declaration are recorded, then the clerk gets minutes text in the council's style", async () => {
    const t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    try {
      await t.submit({ verb: 'apologies.submit', meetingId: SEPT, substituteId: 'aaron-green' }, abbas);
      await declare(t, rigby, { kind: 'non-registrable', nature: 'her daughter is a foster carer', itemNumber: '7' });
      const reply = readCard(await t.say('minutes text for the next meeting', clerk));
      expect(reply).toMatch(/Apologies for absence were received from Councillor Qaisar Abbas\./);
      expect(reply).toMatch(/Councillor Aaron Green attended as substitute for Councillor Qaisar Abbas\./);
      expect(reply).toMatch(
        /Councillor Elizabeth Rigby declared a non-registrable interest in item 7, Fostering Recruitment - Verbal Update, as her daughter is a foster carer\./,
      );
      // A councillor asking for it is pointed to the clerk instead.
      expect(readCard(await t.say('minutes text for the next meeting', abbas))).toMatch(/prepared for the committee's clerk/);
    } finally {
      await t.stop();
    }
  });

  test('When nothing is recorded, then the text says no apologies and no interests', async () => {
    const t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
    try {
      const reply = readCard(await t.say('minutes text for the next meeting', clerk));
      expect(reply).toMatch(/No apologies for absence were received\./);
      expect(reply).toMatch(/No interests were declared\./);
    } finally {
      await t.stop();
    }
  });
});

describe('sub-items and lettered items', () => {
  test('When the agenda has items 5.1, 5.10 and 12A, then "item 5.10" and "item 12a" pick those items, and a declaration on 5.10 is withdrawn by its number', async () => {
    const data = storeFromSeed(loadSeed());
    const meeting = data.meetings.find((m) => m.id === SEPT)!;
    meeting.agendaItems.push(
      { number: '5.1', title: 'Fostering recruitment', pages: null, leadOfficer: null, restricted: false },
      { number: '5.10', title: 'Adoption panel report', pages: null, leadOfficer: null, restricted: false },
      { number: '12A', title: 'Urgent item: school transport contract', pages: null, leadOfficer: null, restricted: false },
    );
    const t = await startTestBot({ now: '2023-09-05T09:00:00+01:00', data });
    try {
      const subItem = JSON.stringify(checkedCardOf(await t.say('I need to declare an interest in item 5.10', abbas)));
      expect(subItem).toMatch(/"id":"itemNumber"[^}]*"value":"5\.10"/);
      const lettered = JSON.stringify(checkedCardOf(await t.say('declare an interest in item 12a', abbas)));
      expect(lettered).toMatch(/"id":"itemNumber"[^}]*"value":"12A"/);

      expect(readCard(await declare(t, abbas, { itemNumber: '5.10' }))).toMatch(/Adoption panel report/);
      expect(storedData(t).declarations.map((d) => d.agendaItemNumber)).toEqual(['5.10']);
      const withdrawn = readCard(await t.say('withdraw my declaration for item 5.10', abbas));
      expect(withdrawn).toMatch(/withdrawn/i);
      expect(storedData(t).declarations.map((d) => [d.agendaItemNumber, d.status])).toEqual([['5.10', 'withdrawn']]);
    } finally {
      await t.stop();
    }
  });
});
