import type { StoreData } from '../bot/store/schema';
import { buildUser, type TeamsUser } from './helpers/activities';
import { cardElements } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * Keeping performance figures current from Teams: the owner of an indicator (Janet Simon owns the
 * CP rate in the seed) or a clerk records a figure, sees the card as it will look, and only
 * Confirm saves it; corrections keep the earlier figure; everyone else is told who can.
 */
const janet = buildUser('Janet Simon');
const clare = buildUser('Clare Moore');
const clerk = buildUser('Rhiannon Whiteley');
const councillor = buildUser('Qaisar Abbas');
const MAY_1 = '2024-05-01T10:00:00+01:00';

type Json = Record<string, unknown>;

const cp = (data: StoreData) => data.indicators.find((i) => i.id === 'cp-rate')!;
const indicatorAudit = (data: StoreData) => data.audit.filter((a) => a.recordType === 'indicator');

/** The data of the card button titled `title` (checked to be a card Teams can show). */
function button(sent: Json[], title: string): Json {
  const action = cardElements(checkedCardOf(sent), 'Action.Submit').find((a) => a.title === title);
  expect(action).toBeDefined();
  return action!.data as Json;
}

describe('recording indicator figures', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: MAY_1 });
  });
  afterEach(async () => {
    await t.stop();
  });

  const ask = async (text: string, who: TeamsUser) => t.say(text, who);

  test('When the owner records the CP rate for Q4 2023/24, then the confirmation shows the card as it will be and nothing is saved until Confirm', async () => {
    const sent = await ask('record CP rate for Q4 2023/24: 32 per 10,000, 141 children', janet);
    const preview = readCard(sent);
    expect(preview).toMatch(/Record 32 per 10,000 children for Q4 2023\/24\?/);
    expect(preview).toMatch(/Nothing is saved until you confirm/);
    expect(preview).toMatch(/Q4 2023\/24, 141 children/);
    expect(preview).toMatch(/Up from 30 at Q3 2023\/24/);
    expect(preview).toMatch(/Recorded by Janet Simon on 1 May 2024/);
    expect(cp(storedData(t)).series).toHaveLength(3);
    expect(indicatorAudit(storedData(t))).toEqual([]);

    const saved = readCard(await t.submit(button(sent, 'Confirm and save'), janet));
    expect(saved).toMatch(/32 per 10,000 children/);
    const data = storedData(t);
    expect(cp(data).series.at(-1)).toMatchObject({
      period: 'Q4 2023/24',
      periodEnd: '2024-03-31',
      value: 32,
      count: { value: 141, unit: 'children' },
      asAt: '2024-05-01',
      recordedBy: { personId: 'janet-simon' },
    });
    expect(cp(data).version).toBe(2);
    expect(indicatorAudit(data)).toEqual([
      expect.objectContaining({
        kind: 'indicator.valueRecorded',
        recordId: 'cp-rate',
        actor: expect.objectContaining({ personId: 'janet-simon' }) as unknown,
        onBehalfOf: null,
        before: expect.objectContaining({ version: 1, latest: expect.objectContaining({ period: 'Q3 2023/24' }) as unknown }) as unknown,
        after: expect.objectContaining({ version: 2, point: expect.objectContaining({ value: 32 }) as unknown }) as unknown,
      }),
    ]);

    const current = readCard(await ask('current CP rate', councillor));
    expect(current).toMatch(/32 per 10,000 children\s+Q4 2023\/24, 141 children/);
    expect(current).toMatch(/Recorded by Janet Simon on 1 May 2024\./);
  });

  test('When the owner states the CP rate for Q4 2023/24, then it is read as a record: the confirmation card, nothing saved until Confirm; asked, it stays a question', async () => {
    for (const question of ['what was the CP rate in Q3 2023/24', 'is the CP rate above the national average?', 'the CP rate']) {
      const card = readCard(await ask(question, janet));
      expect(card).not.toMatch(/Nothing is saved until you confirm|Record a figure/);
      expect(card).toMatch(/30 per 10,000 children/);
    }
    const sent = await ask('the CP rate for Q4 2023/24 is 32 per 10,000', janet);
    const preview = readCard(sent);
    expect(preview).toMatch(/Record 32 per 10,000 children for Q4 2023\/24\?/);
    expect(preview).toMatch(/Nothing is saved until you confirm/);
    expect(preview).toMatch(/Up from 30 at Q3 2023\/24/);
    expect(cp(storedData(t)).series).toHaveLength(3);
    expect(indicatorAudit(storedData(t))).toEqual([]);

    await t.submit(button(sent, 'Confirm and save'), janet);
    expect(cp(storedData(t)).series.at(-1)).toMatchObject({ period: 'Q4 2023/24', value: 32, recordedBy: { personId: 'janet-simon' } });
  });

  test('When a clerk states figures as "CP rate Q4 2023/24 = 32" or "the re-referral rate for Q4 2023/24 was 21%", then each is a confirmation card and nothing is saved', async () => {
    const cpCard = readCard(await ask('CP rate Q4 2023/24 = 32', clerk));
    expect(cpCard).toMatch(/Record 32 per 10,000 children for Q4 2023\/24\?/);
    const reReferral = readCard(await ask('the re-referral rate for Q4 2023/24 was 21%', clerk));
    expect(reReferral).toMatch(/Record 21(?:\.0)?% for Q4 2023\/24\?/);
    expect(reReferral).toMatch(/Nothing is saved until you confirm/);
    expect(cp(storedData(t)).series).toHaveLength(3);
    expect(indicatorAudit(storedData(t))).toEqual([]);
  });

  test('When a councillor states the CP rate for a period, then they are told who keeps the figure and nothing is recorded', async () => {
    const reply = readCard(await ask('the CP rate for Q4 2023/24 is 32 per 10,000', councillor));
    expect(reply).toMatch(/Only the figure’s owner or a clerk can do that/);
    expect(reply).toMatch(
      /Janet Simon \(Assistant Director, Children's Social Care and Early Help\), who keeps these figures, or the clerk/,
    );
    expect(cp(storedData(t)).series).toHaveLength(3);
    expect(indicatorAudit(storedData(t))).toEqual([]);
  });

  test('When the owner says "record CP rate" with no period or value, then the form opens with the CP rate chosen', async () => {
    const form = checkedCardOf(await ask('record CP rate', janet));
    const choice = cardElements(form, 'Input.ChoiceSet')[0]!;
    expect(choice.id).toBe('indicatorId');
    expect(choice.value).toBe('cp-rate');
    expect(cp(storedData(t)).series).toHaveLength(3);
  });

  test('When a clerk records a figure with comparators, a source and an as-at date, then they are stored labelled and the card compares with them', async () => {
    const sent = await ask(
      'record CP rate for Q4 2023/24: 32 per 10,000, 141 children; compared with statistical neighbours 38 (2023/24), national 52 (2022/23); source Q4 performance report; as at 20 April 2024',
      clerk,
    );
    expect(readCard(sent)).toMatch(/statistical neighbours \(2023\/24\)\s+38 per 10,000 children/);
    await t.submit(button(sent, 'Confirm and save'), clerk);
    const point = cp(storedData(t)).series.at(-1)!;
    expect(point).toMatchObject({
      asAt: '2024-04-20',
      source: { document: 'Q4 performance report' },
      recordedBy: { personId: 'rhiannon-whiteley' },
      comparators: [
        { name: 'statistical neighbours', value: 38, period: '2023/24', source: { document: 'Q4 performance report' } },
        { name: 'national', value: 52, period: '2022/23', source: { document: 'Q4 performance report' } },
      ],
    });
    const card = readCard(await ask("what's the CP rate", clerk));
    expect(card).toMatch(/Below statistical neighbours \(38\) and national \(52\)/);
    expect(card).toMatch(/As at 20 April 2024/);
    expect(card).toMatch(/Q4 performance report/);
  });

  test.each([
    ['a councillor', councillor],
    ['an officer who owns other indicators', clare],
  ])('When %s tries to record the CP rate, then they are told who can and nothing is recorded', async (_who, user) => {
    const reply = readCard(await ask('record CP rate for Q4 2023/24: 32 per 10,000', user));
    expect(reply).toMatch(/Only the figure’s owner or a clerk can do that/);
    expect(reply).toMatch(
      /Janet Simon \(Assistant Director, Children's Social Care and Early Help\), who keeps these figures, or the clerk/,
    );
    expect(reply).toMatch(/Rhiannon Whiteley/);
    expect(cp(storedData(t)).series).toHaveLength(3);
    expect(indicatorAudit(storedData(t))).toEqual([]);
  });

  test('When an officer records a figure of an indicator they own, then it is saved', async () => {
    const sent = await ask('record turnaround for Q4 2023/24: 35', clare);
    await t.submit(button(sent, 'Confirm and save'), clare);
    expect(
      storedData(t)
        .indicators.find((i) => i.id === 'turnaround')!
        .series.at(-1),
    ).toMatchObject({ period: 'Q4 2023/24', value: 35 });
  });

  test('When someone else presses the owner’s Confirm, then it is refused and nothing is recorded', async () => {
    const sent = await ask('record CP rate for Q4 2023/24: 32 per 10,000', janet);
    expect(readCard(await t.submit(button(sent, 'Confirm and save'), councillor))).toMatch(/Only the figure’s owner or a clerk/);
    expect(cp(storedData(t)).series).toHaveLength(3);
  });

  test('When Cancel is pressed, then nothing is saved', async () => {
    const sent = await ask('record CP rate for Q4 2023/24: 32 per 10,000', janet);
    expect(readCard(await t.submit(button(sent, 'Cancel'), janet))).toMatch(/Nothing saved/);
    expect(cp(storedData(t)).series).toHaveLength(3);
    expect(indicatorAudit(storedData(t))).toEqual([]);
  });

  test('When an earlier figure is corrected, then the new one is shown, the earlier one is kept in the history, and the audit has both', async () => {
    const sent = await ask('correct CP rate for Q3 2023/24 to 31 per 10,000', janet);
    const preview = readCard(sent);
    expect(preview).toMatch(/Correct Q3 2023\/24 from 30 per 10,000 children to 31 per 10,000 children\?/);
    expect(preview).toMatch(/The earlier figure is kept in the history/);
    expect(cp(storedData(t)).series.find((p) => p.period === 'Q3 2023/24')!.value).toBe(30);
    await t.submit(button(sent, 'Confirm the correction'), janet);

    const point = cp(storedData(t)).series.find((p) => p.period === 'Q3 2023/24')!;
    expect(point).toMatchObject({ value: 31, count: { value: 135, unit: 'children' }, recordedBy: { personId: 'janet-simon' } });
    expect(point.corrections).toEqual([
      expect.objectContaining({
        value: 30,
        asAt: '2023-12-31',
        correctedBy: expect.objectContaining({ personId: 'janet-simon' }) as unknown,
      }),
    ]);
    expect(indicatorAudit(storedData(t))).toEqual([
      expect.objectContaining({
        kind: 'indicator.valueCorrected',
        before: expect.objectContaining({ point: expect.objectContaining({ value: 30 }) as unknown }) as unknown,
        after: expect.objectContaining({ point: expect.objectContaining({ value: 31 }) as unknown }) as unknown,
      }),
    ]);
    const card = readCard(await ask('CP rate', councillor));
    expect(card).toMatch(/31 per 10,000 children/);
    expect(card).toMatch(/Corrected on 1 May 2024; it was 30 per 10,000 children\./);
  });

  test.each([
    [
      'a period before the latest',
      'record CP rate for Q2 2023/24: 29 per 10,000',
      /Q2 2023\/24 is not after the latest figure \(Q3 2023\/24\)/,
    ],
    ['a period already recorded', 'record CP rate for Q3 2023/24: 29 per 10,000', /already recorded .*correct CP rate for Q3 2023\/24 to/],
    [
      'a year for a quarterly indicator',
      'record CP rate for 2023/24: 32 per 10,000',
      /not a period of .* reported quarterly: name a quarter/,
    ],
    ['a month for a quarterly indicator', 'record CP rate for March 2024: 32 per 10,000', /"March 2024" is not a period/],
    ['a period not yet over', 'record CP rate for Q1 2024/25: 32 per 10,000', /Q1 2024\/25 has not ended yet \(it ends on 30 June 2024\)/],
    ['a percentage for a rate per 10,000', 'record CP rate for Q4 2023/24: 32%', /given in "%", but it is measured per 10,000 children/],
    ['a negative rate', 'record CP rate for Q4 2023/24: -3 per 10,000', /must be a rate per 10,000 children from 0 to 10,000/],
    ['a percentage over 100', 'record re-referral rate for Q4 2023/24: 120%', /must be a percentage from 0 to 100/],
    ['a value that is not a number', 'record CP rate for Q4 2023/24: about thirty', /The value "about thirty" is not a number/],
    ['a count for an indicator without one', 'record re-referral rate for Q4 2023/24: 18%, 40 children', /has no count/],
    [
      'a comparator with no name',
      'record CP rate for Q4 2023/24: 32 per 10,000; compared with 38',
      /comparator "38": give a name and a value/,
    ],
    ['a correction of a period never recorded', 'correct CP rate for Q4 2023/24 to 33', /No figure for Q4 2023\/24 is recorded/],
    ['a value thousands of digits long', `record CP rate for Q4 2023/24: ${'9'.repeat(3000)}`, /The value "9{40}" is not a number/],
    ['a future as-at date', 'record CP rate for Q4 2023/24: 32; as at 2 May 2024', /is in the future/],
  ])('When the owner records %s, then the form comes back saying what to fix and nothing is recorded', async (_what, text, problem) => {
    const sent = await ask(text, janet);
    const reply = readCard(sent);
    expect(reply).toMatch(problem);
    expect(reply).toMatch(/Please fix:/);
    expect(cardElements(checkedCardOf(sent), 'Action.Submit').map((a) => a.title)).toEqual(['Check']);
    const data = storedData(t);
    expect(cp(data).series).toHaveLength(3);
    expect(data.indicators.find((i) => i.id === 're-referral-rate')!.series).toHaveLength(1);
    expect(indicatorAudit(data)).toEqual([]);
  });

  test('When someone else records a figure between the confirmation card and Confirm, then Confirm is refused and the card is shown afresh', async () => {
    const mine = await ask('record CP rate for Q4 2023/24: 32 per 10,000', janet);
    const theirs = await ask('correct CP rate for Q3 2023/24 to 31', clerk);
    await t.submit(button(theirs, 'Confirm the correction'), clerk);

    const afresh = await t.submit(button(mine, 'Confirm and save'), janet);
    const reply = readCard(afresh);
    expect(reply).toMatch(
      /Not saved: the figures for .* changed after this card was made \(Rhiannon Whiteley recorded Q3 2023\/24 on 1 May 2024\)/,
    );
    expect(reply).toMatch(/Up from 31 at Q3 2023\/24/);
    expect(cp(storedData(t)).series).toHaveLength(3);
    expect(indicatorAudit(storedData(t)).map((a) => a.kind)).toEqual(['indicator.valueCorrected']);

    await t.submit(button(afresh, 'Confirm and save'), janet);
    expect(cp(storedData(t)).series.at(-1)).toMatchObject({ period: 'Q4 2023/24', value: 32 });
  });

  test('When a confirm arrives twice, or forged with a bad value or no version, then nothing more is recorded', async () => {
    const sent = await ask('record CP rate for Q4 2023/24: 32 per 10,000', janet);
    const confirm = button(sent, 'Confirm and save');
    await t.submit(confirm, janet);
    expect(readCard(await t.submit(confirm, janet))).toMatch(/Not saved/);
    const forged = { ...confirm, expectedVersion: 2, figure: { ...(confirm.figure as Json), period: 'Q1 2024/25', value: '-5' } };
    expect(readCard(await t.submit(forged, janet))).toMatch(/Not saved/);
    expect(readCard(await t.submit({ ...confirm, expectedVersion: 'x' }, janet))).toMatch(/That button no longer works/);
    expect(cp(storedData(t)).series).toHaveLength(4);
    expect(indicatorAudit(storedData(t))).toHaveLength(1);
  });

  test('When the source and a comparator name hold template or Teams syntax, then they are stored as typed and shown literally', async () => {
    const sent = await ask(
      'record CP rate for Q4 2023/24: 32; compared with ${title} 40; source {{DATE(2024-01-01T00:00:00Z, SHORT)}} report',
      janet,
    );
    await t.submit(button(sent, 'Confirm and save'), janet);
    const point = cp(storedData(t)).series.at(-1)!;
    expect(point.source.document).toBe('{{DATE(2024-01-01T00:00:00Z, SHORT)}} report');
    expect(point.comparators![0]!.name).toBe('${title}');
    const card = readCard(await ask('CP rate', councillor)).replace(/\u200d/g, '');
    expect(card).toContain('{{DATE(2024-01-01T00:00:00Z, SHORT)}} report');
    expect(card).toContain('${title} (40)');
  });

  test('When the owner uses the form, then it offers only their indicators, checks what is sent and confirms like the typed command', async () => {
    const form = checkedCardOf(await ask('record a figure', janet));
    const choices = (cardElements(form, 'Input.ChoiceSet')[0]!.choices as Json[]).map((c) => c.value);
    expect(choices).toContain('cp-rate');
    expect(choices).not.toContain('turnaround');
    expect(choices).not.toContain('complaints-upheld');

    const fields = {
      verb: 'indicators.check',
      indicatorId: 'cp-rate',
      period: 'Q4 2023/24',
      value: '32',
      count: '141',
      source: '',
      asAt: '',
    };
    const unnamed = readCard(await t.submit({ ...fields, c1Name: '', c1Value: '40', c1Period: '' }, janet));
    expect(unnamed).toMatch(/Comparator 1 has no name/);

    const sent = await t.submit({ ...fields, c1Name: 'National', c1Value: '52', c1Period: '2022/23', correction: 'false' }, janet);
    expect(readCard(sent)).toMatch(/National \(2022\/23\)\s+52 per 10,000 children/);
    expect(cp(storedData(t)).series).toHaveLength(3);
    await t.submit(button(sent, 'Confirm and save'), janet);
    expect(cp(storedData(t)).series.at(-1)).toMatchObject({ value: 32, comparators: [{ name: 'National', value: 52, period: '2022/23' }] });
  });
});

describe('figures possibly out of date', () => {
  test('When the next quarter’s CP rate is overdue, then the card says so, and recording it clears the flag', async () => {
    const t = await startTestBot({ now: '2024-05-30T12:00:00+01:00' });
    try {
      expect(readCard(await t.say('CP rate', councillor))).not.toMatch(/Possibly out of date/);
      t.clock.set(new Date('2024-06-01T12:00:00+01:00'));
      expect(readCard(await t.say('CP rate', councillor))).toMatch(
        /Possibly out of date: the next figure after Q3 2023\/24 was due by 30 May 2024 and has not been recorded\./,
      );
      const sent = await t.say('record CP rate for Q4 2023/24: 32 per 10,000', janet);
      await t.submit(button(sent, 'Confirm and save'), janet);
      expect(readCard(await t.say('CP rate', councillor))).not.toMatch(/Possibly out of date/);
      t.clock.set(new Date('2024-09-01T12:00:00+01:00'));
      expect(readCard(await t.say('CP rate', councillor))).toMatch(
        /Possibly out of date: the next figure after Q4 2023\/24 was due by 29 August 2024/,
      );
    } finally {
      await t.stop();
    }
  });

  test('When the next quarter’s CP rate is overdue, then the indicator list flags it with the same words as its card, and only the overdue ones', async () => {
    /** Each indicator's name in the list with the texts under it (its latest figure and any flag). */
    const rows = (sent: Json[]): Map<string, string[]> => {
      const texts = cardElements(checkedCardOf(sent), 'TextBlock').map((b) => String(b.text));
      const names = storedData(t).indicators.map((i) => i.name);
      const out = new Map<string, string[]>();
      let current: string[] | null = null;
      for (const text of texts) {
        if (names.includes(text)) out.set(text, (current = []));
        else current?.push(text);
      }
      return out;
    };
    const flagged = (under: string[] | undefined) => (under ?? []).filter((x) => x.startsWith('Possibly out of date'));
    const t = await startTestBot({ now: '2024-05-30T12:00:00+01:00' });
    try {
      const cpName = cp(storedData(t)).name;
      const before = rows(await t.say('list indicators', councillor));
      expect(flagged(before.get(cpName))).toEqual([]);
      expect(flagged(before.get('Agency social workers in front-line teams'))).toHaveLength(1);
      expect(flagged(before.get('Unaccompanied asylum-seeking children (UASC) quota for Thurrock'))).toEqual([]);

      t.clock.set(new Date('2024-06-01T12:00:00+01:00'));
      const after = rows(await t.say('list indicators', councillor));
      const single = readCard(await t.say('CP rate', councillor));
      expect(flagged(after.get(cpName))).toEqual([
        'Possibly out of date: the next figure after Q3 2023/24 was due by 30 May 2024 and has not been recorded.',
      ]);
      expect(single).toContain(flagged(after.get(cpName))[0]);
      expect(flagged(after.get('Unaccompanied asylum-seeking children (UASC) quota for Thurrock'))).toEqual([]);
    } finally {
      await t.stop();
    }
  });
});
