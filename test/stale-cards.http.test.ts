import { buildUser } from './helpers/activities';
import { cardElements } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * Cards that change a record carry the version of the record they showed. A submit from a card
 * whose record has changed since (the same card submitted twice, or a change made meanwhile)
 * changes nothing: the record is shown as it is now and the person is asked again.
 */
const abbas = buildUser('Qaisar Abbas');
const clerk = buildUser('Rhiannon Whiteley');
const SEPT = 'childrens-os-2023-09-12';

/** The data of the card's Action.Submit whose data has `verb` (there must be exactly one). */
function buttonData(sent: Record<string, unknown>[], verb: string): Record<string, unknown> {
  const found = cardElements(checkedCardOf(sent), 'Action.Submit')
    .map((a) => a.data as Record<string, unknown> | undefined)
    .filter((d): d is Record<string, unknown> => d?.verb === verb);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const kinds = (t: TestBot, kind: string) => storedData(t).audit.filter((a) => a.kind === kind);

describe('the withdraw button on an apologies card', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  const send = (reason: string) => t.submit({ verb: 'apologies.submit', meetingId: SEPT, reason }, abbas);

  test('When the same withdraw button is submitted twice, then the second is asked again, the apologies stay withdrawn once and the audit has one withdrawal', async () => {
    const withdraw = buttonData(await send('On leave'), 'apologies.withdraw');
    expect(withdraw).toMatchObject({ meetingId: SEPT, version: 1 });
    expect(readCard(await t.submit(withdraw, abbas))).toMatch(/Apologies withdrawn/);
    const again = readCard(await t.submit(withdraw, abbas));
    expect(again).toMatch(/These apologies have changed/);
    expect(again).toMatch(/now withdrawn, so nothing more has been changed/);
    expect(storedData(t).apologies).toEqual([expect.objectContaining({ status: 'withdrawn', reason: 'On leave', version: 2 })]);
    expect(kinds(t, 'apology.withdrawn')).toHaveLength(1);
  });

  test('When the apologies were changed after the card was shown, then its withdraw button withdraws nothing and shows them as they are now, with a button that does', async () => {
    const withdraw = buttonData(await send('On leave'), 'apologies.withdraw');
    expect(readCard(await send('Unwell'))).toMatch(/Apologies updated/);
    const asked = await t.submit(withdraw, abbas);
    const text = readCard(asked);
    expect(text).toMatch(/These apologies have changed/);
    expect(text).toMatch(/nothing has been withdrawn/);
    expect(text).toMatch(/Unwell/);
    expect(storedData(t).apologies).toEqual([expect.objectContaining({ status: 'sent', reason: 'Unwell', version: 2 })]);
    expect(kinds(t, 'apology.withdrawn')).toHaveLength(0);

    const fresh = buttonData(asked, 'apologies.withdraw');
    expect(fresh).toMatchObject({ version: 2 });
    expect(readCard(await t.submit(fresh, abbas))).toMatch(/Apologies withdrawn/);
    expect(storedData(t).apologies).toEqual([expect.objectContaining({ status: 'withdrawn', reason: 'Unwell' })]);
    expect(kinds(t, 'apology.withdrawn')).toHaveLength(1);
  });
});

describe('the withdraw button on a declarations list', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  const declare = (nature: string) =>
    t.submit(
      { verb: 'declaration.submit', meetingId: SEPT, itemNumber: '8', kind: 'other-registrable', nature, onRegister: 'true' },
      abbas,
    );
  const listed = () => t.say('my declarations for the next meeting', abbas);

  test('When the same withdraw button is submitted twice, then the second is asked again, the declaration stays withdrawn once and the audit has one withdrawal', async () => {
    await declare('Trustee of the provider');
    const withdraw = buttonData(await listed(), 'declaration.withdraw');
    expect(withdraw).toMatchObject({ version: 1 });
    expect(readCard(await t.submit(withdraw, abbas))).toMatch(/Declaration withdrawn/);
    const again = readCard(await t.submit(withdraw, abbas));
    expect(again).toMatch(/This declaration has changed/);
    expect(again).toMatch(/now withdrawn, so nothing more has been changed/);
    expect(storedData(t).declarations).toEqual([expect.objectContaining({ status: 'withdrawn', version: 2 })]);
    expect(kinds(t, 'declaration.withdrawn')).toHaveLength(1);
  });

  test('When the declaration was changed after the list was shown, then its withdraw button withdraws nothing and shows it as it is now, with a button that does', async () => {
    await declare('Trustee of the provider');
    const withdraw = buttonData(await listed(), 'declaration.withdraw');
    expect(readCard(await declare('Chair of the provider'))).toMatch(/Declaration updated/);
    const asked = await t.submit(withdraw, abbas);
    const text = readCard(asked);
    expect(text).toMatch(/This declaration has changed/);
    expect(text).toMatch(/nothing has been withdrawn/);
    expect(text).toMatch(/Chair of the provider/);
    expect(storedData(t).declarations).toEqual([expect.objectContaining({ status: 'declared', nature: 'Chair of the provider' })]);
    expect(kinds(t, 'declaration.withdrawn')).toHaveLength(0);

    const fresh = buttonData(asked, 'declaration.withdraw');
    expect(fresh).toMatchObject({ version: 2 });
    expect(readCard(await t.submit(fresh, abbas))).toMatch(/Declaration withdrawn/);
    expect(kinds(t, 'declaration.withdrawn')).toHaveLength(1);
  });

  test('When a clerk submits a withdraw button for a declaration changed since, then nothing is withdrawn and the clerk is asked again', async () => {
    await declare('Trustee of the provider');
    const withdraw = buttonData(await t.say('declarations for the next meeting', clerk), 'declaration.withdraw');
    await declare('Chair of the provider');
    expect(readCard(await t.submit(withdraw, clerk))).toMatch(/This declaration has changed/);
    expect(storedData(t).declarations[0]).toMatchObject({ status: 'declared' });
    expect(kinds(t, 'declaration.withdrawn')).toHaveLength(0);
  });
});

describe('the confirm and reject buttons on a link request', () => {
  /** Councillor Pearce's new account: the data has no object id for her, so her name raises a request. */
  const pearce = buildUser('Maureen Pearce', { id: '29:pearce-new', aadObjectId: 'aad-pearce-new' });
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ linkPeople: { except: ['maureen-pearce'] } });
    await t.say('hello', pearce);
  });
  afterEach(async () => {
    await t.stop();
  });

  const pearceRecord = () => storedData(t).people.find((p) => p.id === 'maureen-pearce')!;

  test('When the same confirm button is submitted twice, then the second changes nothing and says it was decided, and the audit has one link', async () => {
    const confirm = buttonData(await t.say('who is linked', clerk), 'link.confirm');
    expect(confirm).toMatchObject({ version: 1 });
    expect(readCard(await t.submit(confirm, clerk))).toMatch(/Linked/);
    expect(readCard(await t.submit(confirm, clerk))).toMatch(/already confirmed, so nothing has changed/);
    expect(pearceRecord()).toMatchObject({ aadObjectId: 'aad-pearce-new' });
    expect(kinds(t, 'linkRequest.confirmed')).toHaveLength(1);
    expect(kinds(t, 'person.linked').filter((a) => a.recordId === 'maureen-pearce')).toHaveLength(1);
  });
});
