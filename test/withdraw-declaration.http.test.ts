import { buildUser } from './helpers/activities';
import { cardElements } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/** Withdrawing a declaration made in error: by the member, or by a clerk on their behalf. */
const abbas = buildUser('Qaisar Abbas');
const pearce = buildUser('Maureen Pearce');
const clerk = buildUser('Rhiannon Whiteley');
const stranger = buildUser('Random Stranger');
const SEPT = 'childrens-os-2023-09-12';

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

describe('withdrawing a declaration', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  test('When a member types "withdraw my declaration for item 8", then it is kept marked withdrawn, audited, listed as withdrawn, not counted and not minuted', async () => {
    await declare(t);
    const reply = readCard(await t.say('withdraw my declaration for item 8', abbas));
    expect(reply).toMatch(/Declaration withdrawn/);
    expect(reply).toMatch(/kept in the record history/);
    const data = storedData(t);
    expect(data.declarations).toHaveLength(1);
    expect(data.declarations[0]).toMatchObject({ status: 'withdrawn', nature: 'My wife works for the provider' });
    const entry = data.audit.find((a) => a.kind === 'declaration.withdrawn')!;
    expect(entry).toMatchObject({
      actor: { personId: 'qaisar-abbas' },
      onBehalfOf: null,
      before: { status: 'declared' },
      after: { status: 'withdrawn' },
    });

    const list = readCard(await t.say('declarations for the next meeting', abbas));
    expect(list).toMatch(/0 declarations \(1 withdrawn, not counted\)/);
    expect(list).toMatch(/Withdrawn .*not counted/);
    const minutes = readCard(await t.say('minutes text for the next meeting', clerk));
    expect(minutes).toMatch(/No interests were declared/);
  });

  test("When a clerk withdraws a member's declaration on their behalf, then the audit names the clerk and the member", async () => {
    await declare(t);
    const reply = readCard(await t.say('withdraw the declaration for item 8 on behalf of Qaisar Abbas', clerk));
    expect(reply).toMatch(/Declaration withdrawn/);
    expect(reply).toMatch(/on behalf of Councillor Qaisar Abbas/);
    const entry = storedData(t).audit.find((a) => a.kind === 'declaration.withdrawn')!;
    expect(entry).toMatchObject({ actor: { personId: 'rhiannon-whiteley' }, onBehalfOf: 'qaisar-abbas' });
  });

  test('When the member presses "Withdraw" on "my declarations", then that declaration is withdrawn', async () => {
    await declare(t);
    const mine = checkedCardOf(await t.say('my declarations', abbas));
    const button = cardElements(mine, 'Action.Submit').find((a) => a.title === 'Withdraw')!;
    expect(readCard(await t.submit(button.data as Record<string, unknown>, abbas))).toMatch(/Declaration withdrawn/);
    expect(storedData(t).declarations[0]!.status).toBe('withdrawn');
  });

  test('When another member presses a forged "Withdraw" for someone else\'s declaration, then it is refused and nothing changes', async () => {
    await declare(t);
    const id = storedData(t).declarations[0]!.id;
    expect(readCard(await t.submit({ verb: 'declaration.withdraw', declarationId: id }, pearce))).toMatch(/Only a clerk can/);
    expect(storedData(t).declarations[0]!.status).toBe('declared');
    expect(storedData(t).audit.some((a) => a.kind === 'declaration.withdrawn')).toBe(false);
  });

  test('When there is no such declaration, or the id is unknown, then it says so and nothing changes', async () => {
    await declare(t);
    expect(readCard(await t.say('withdraw my declaration for item 5', abbas))).toMatch(/no declaration recorded for item 5/);
    expect(readCard(await t.submit({ verb: 'declaration.withdraw', declarationId: 'no-such-id' }, abbas))).toMatch(
      /could not find that declaration/,
    );
    expect(storedData(t).declarations[0]!.status).toBe('declared');
  });

  test('When a guest asks to withdraw a declaration, then they are told who can and nothing changes', async () => {
    await declare(t);
    expect(readCard(await t.say('withdraw my declaration for item 8', stranger))).toMatch(/I do not know who you are yet/);
    expect(storedData(t).declarations[0]!.status).toBe('declared');
  });
});
