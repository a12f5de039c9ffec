import { buildInstall, buildUser } from './helpers/activities';
import { cardElements } from './helpers/cards';
import { checkedCardOf, readCard, startTestBot, storedData, type TestBot } from './helpers/testBot';

/** Actions added, updated and completed from Teams, with their history. */
type Json = Record<string, unknown>;

const clerk = buildUser('Rhiannon Whiteley');
const chair = buildUser('Elizabeth Rigby');
const janet = buildUser('Janet Simon');
const councillor = buildUser('Qaisar Abbas');
const JANET_CHAT = 'a:personal-29:janet-simon';

/** The data of the card's button titled `title` (first card among `sent`). */
function button(sent: Json[], title: string): Json {
  const found = cardElements(checkedCardOf(sent), 'Action.Submit').find((a) => a.title === title);
  if (!found) throw new Error(`no button "${title}"`);
  return found.data as Json;
}

const actionNamed = (t: TestBot, reference: string, meetingId: string) =>
  storedData(t).actions.find((a) => a.reference === reference && a.origin.meetingId === meetingId);

describe('adding actions', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });

  test('When the clerk adds an action by text, then it is numbered in the meeting, recorded and audited, and the owner is told in personal chat', async () => {
    await t.say('hello', janet);
    t.connector.clear();
    const reply = await t.say(
      'add action for the 12 September meeting: a breakdown of agency staff costs, owner Janet Simon, due 30 October',
      clerk,
    );
    const text = readCard(reply.slice(-1));
    expect(text).toMatch(/ACTION 1 added/);
    expect(text).toMatch(/a breakdown of agency staff costs/);
    expect(text).toMatch(/Due:\s*30 October 2023/);
    expect(text).toMatch(/Janet Simon has been told in Teams/);

    const told = t.connector.sentTo(JANET_CHAT);
    expect(told).toHaveLength(1);
    const owner = readCard(told);
    expect(owner).toMatch(
      /You have a new action[\s\S]*Rhiannon Whiteley has given you this action from the minutes of 12 September 2023\.[\s\S]*a breakdown of agency staff costs/,
    );
    expect(button(told, 'Update')).toMatchObject({ verb: 'actions.updateForm' });

    const stored = actionNamed(t, 'ACTION 1', 'childrens-os-2023-09-12')!;
    expect(stored).toMatchObject({
      text: 'a breakdown of agency staff costs',
      owner: { personId: 'janet-simon' },
      due: '2023-10-30',
      status: 'open',
      history: [{ kind: 'added', by: { personId: 'rhiannon-whiteley' } }],
    });
    expect(
      storedData(t)
        .audit.filter((e) => e.recordId === stored.id)
        .map((e) => [e.kind, e.actor.personId]),
    ).toEqual([['action.added', 'rhiannon-whiteley']]);
  });

  test('When the owner has talked to the bot only in a channel, then a personal chat is opened to tell them', async () => {
    await t.post(buildInstall({ serviceUrl: t.connector.url, from: clerk, kind: 'channel', channel: 'childrens-os' }));
    await t.say('when is the next meeting', janet, 'channel', 'childrens-os');
    t.connector.clear();
    const text = readCard((await t.say('add action for the 15 June meeting: circulate the figures, owner Janet Simon', clerk)).slice(-1));
    expect(text).toMatch(/Janet Simon has been told in Teams/);
    expect(t.connector.createdConversations).toHaveLength(1);
    expect(t.connector.sentTo(JANET_CHAT)).toHaveLength(1);
    expect(storedData(t).conversations.find((c) => c.id === JANET_CHAT)).toMatchObject({ personId: 'janet-simon', type: 'personal' });
  });

  test('When an action is added to a meeting that already has ACTION 1 to 6, then it becomes ACTION 7', async () => {
    const text = readCard(await t.say('add action for the 15 June meeting: report back on recruitment, owner Michele Lucas', clerk));
    expect(text).toMatch(/ACTION 7 added/);
    expect(text).toMatch(/could not tell Michele Lucas in Teams \(has not used the bot in Teams yet\)/);
    expect(actionNamed(t, 'ACTION 7', 'childrens-os-2023-06-15')).toMatchObject({ owner: { personId: 'michele-lucas' } });
  });

  test('When the date names no meeting, then nothing is recorded and the meetings are offered', async () => {
    const before = storedData(t);
    const sent = await t.say('add action for the 13 September meeting: something, owner Janet Simon', clerk);
    const text = readCard(sent);
    expect(text).toMatch(/No meeting found[\s\S]*Nothing has been recorded/);
    expect(text).toMatch(/Tuesday 12 September 2023, 7\.00 pm/);
    const after = storedData(t);
    expect(after.actions).toEqual(before.actions);
    expect(after.audit.filter((e) => e.recordType === 'action')).toEqual([]);
  });

  test('When a councillor tries to add an action, then they are told the clerk does it and nothing is recorded', async () => {
    const before = storedData(t).actions.length;
    expect(readCard(await t.say('add action for the 12 September meeting: x, owner Janet Simon', councillor))).toMatch(
      /Only a clerk can do that[\s\S]*Rhiannon Whiteley/,
    );
    expect(storedData(t).actions).toHaveLength(before);
  });

  test('When the clerk uses the form, then owners are the members and linked officers, and a forged owner is refused', async () => {
    const form = await t.say('add action', clerk);
    const card = checkedCardOf(form);
    const owners = cardElements(card, 'Input.ChoiceSet').find((i) => i.id === 'ownerId')!;
    const titles = (owners.choices as { title: string }[]).map((c) => c.title);
    expect(titles).toEqual(
      expect.arrayContaining(['Councillor Elizabeth Rigby', "Janet Simon, Assistant Director, Children's Social Care and Early Help"]),
    );
    expect(titles.some((title) => /Dave Smith/.test(title))).toBe(false);

    const before = storedData(t).actions.length;
    const forged = await t.submit(
      { verb: 'actions.add', meetingId: 'childrens-os-2023-06-15', text: 'forged', ownerId: 'dave-smith' },
      clerk,
    );
    expect(readCard(forged)).toMatch(/Owner not found[\s\S]*nothing has been recorded/);
    expect(readCard(await t.say('add action for the 15 June meeting: forged, owner Dave Smith', clerk))).toMatch(
      /"Dave Smith" is not one of the committee's members or the officers linked to it, so nothing has been recorded/,
    );
    expect(storedData(t).actions).toHaveLength(before);

    const typed = 'Report on ${cost} **now**';
    const added = await t.submit(
      {
        verb: 'actions.add',
        meetingId: 'childrens-os-2023-06-15',
        minute: '38',
        text: typed,
        requestedById: 'srikanth-panjala',
        ownerId: 'michele-lucas',
        due: '2023-10-31',
      },
      clerk,
    );
    expect(readCard(added)).toMatch(/ACTION 7 added[\s\S]*ACTION 7 \(minute 38\)/);
    expect(actionNamed(t, 'ACTION 7', 'childrens-os-2023-06-15')).toMatchObject({
      text: typed,
      requestedBy: { personId: 'srikanth-panjala' },
      owner: { personId: 'michele-lucas' },
      due: '2023-10-31',
    });
  });
});

describe('updating actions', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ now: '2023-09-05T09:00:00+01:00' });
  });
  afterEach(async () => {
    await t.stop();
  });
  const action3 = () => storedData(t).actions.find((a) => a.id === '2023-06-15-action-3')!;

  test('When the owner marks their action done, then it leaves the open actions, appears in completed actions, and its history says who', async () => {
    const text = readCard(await t.say('action 3 done', janet));
    expect(text).toMatch(/ACTION 3 updated/);
    expect(action3()).toMatchObject({ status: 'complete', version: 2 });
    expect(
      storedData(t)
        .audit.filter((e) => e.recordId === '2023-06-15-action-3')
        .map((e) => e.kind),
    ).toEqual(['action.updated']);

    expect(readCard(await t.say('open actions', janet))).not.toMatch(/ACTION 3/);
    expect(readCard(await t.say('completed actions', janet))).toMatch(/ACTION 3 \(minute 38\)[\s\S]*Status:\s*Done/);
    const shown = readCard(await t.say('action 3', janet));
    expect(shown).toMatch(/History\s*Tuesday 5 September 2023, 9\.00 am\s*· Janet Simon:\s*Status done/);
  });

  test('When the clerk adds a progress note, then the card shows it as the latest update, by whom and when', async () => {
    const text = readCard(await t.say('update action 1.1: presented to the board', clerk));
    expect(text).toMatch(/Latest update:\s*presented to the board \(by Rhiannon Whiteley, on Tuesday 5 September 2023, 9\.00 am\)/);
    expect(storedData(t).actions.find((a) => a.reference === '1.1')).toMatchObject({ update: 'presented to the board', version: 2 });
  });

  test('When the chair moves a due date with a reason, then the new date and the reason are recorded', async () => {
    const text = readCard(await t.say('action 2 will be late, new date 30 November', chair));
    expect(text).toMatch(/New due date 30 November 2023/);
    expect(text).toMatch(/Due date moved to 30 November 2023 \(reason: will be late\)/);
    expect(storedData(t).actions.find((a) => a.id === '2023-06-15-action-2')).toMatchObject({ due: '2023-11-30' });
  });

  test('When someone who is not the owner, the clerk or the chair tries, then they are told who can and nothing changes', async () => {
    const text = readCard(await t.say('action 3 done', councillor));
    expect(text).toMatch(/You cannot update this action/);
    expect(text).toMatch(/its owner \(The Assistant Director[^)]*Janet Simon\)\)?, the committee's clerk \(Rhiannon Whiteley/);
    expect(text).toMatch(/the chair \(Councillor Elizabeth Rigby\)/);
    expect(action3()).toMatchObject({ status: 'open' });
    expect(action3().version).toBeUndefined();
  });

  test('When two people update the same action, then the second sees the first change and is asked to confirm, and nothing is lost', async () => {
    await t.say('hello', janet);
    const mine = await t.say('my actions', janet);
    const form = await t.submit(button(mine, 'Update'), janet);
    const submit = button(form, 'Save update');
    expect(submit).toMatchObject({ verb: 'actions.update', actionId: '2023-06-15-action-3', version: 1 });

    await t.say('update action 3: chased by the clerk', clerk);
    const second = await t.submit({ ...submit, status: 'in-progress', rag: 'none', note: 'figures sent', due: '', dueReason: '' }, janet);
    const text = readCard(second);
    expect(text).toMatch(/Confirm your update to ACTION 3/);
    expect(text).toMatch(/Rhiannon Whiteley changed it on Tuesday 5 September 2023, 9\.00 am: note "chased by the clerk"/);
    expect(action3()).toMatchObject({ update: 'chased by the clerk', status: 'open', version: 2 });

    const confirm = button(second, 'Confirm my update');
    expect(confirm).toMatchObject({ version: 2 });
    const inputs = Object.fromEntries(cardElements(checkedCardOf(second), 'Input.Text').map((i) => [i.id as string, i.value]));
    expect(inputs.note).toBe('figures sent');
    await t.submit({ ...confirm, status: 'in-progress', rag: 'none', note: 'figures sent', due: '', dueReason: '' }, janet);
    expect(action3()).toMatchObject({ status: 'in-progress', update: 'figures sent', version: 3 });
    expect(action3().history!.map((h) => [h.by.personId, h.note])).toEqual([
      ['rhiannon-whiteley', 'chased by the clerk'],
      ['janet-simon', 'figures sent'],
    ]);
  });

  test('When a stale, forged or wrong-person submit arrives, then it is answered politely and nothing changes', async () => {
    const before = storedData(t);
    expect(readCard(await t.submit({ verb: 'actions.update', actionId: 'no-such-action', version: 1, status: 'complete' }, clerk))).toMatch(
      /Action not found/,
    );
    expect(
      readCard(await t.submit({ verb: 'actions.update', actionId: '2023-06-15-action-3', version: 'x', status: 'complete' }, clerk)),
    ).toMatch(/That button no longer works/);
    expect(
      readCard(await t.submit({ verb: 'actions.update', actionId: '2023-06-15-action-3', version: 1, status: 'complete' }, councillor)),
    ).toMatch(/You cannot update this action/);
    expect(
      readCard(await t.submit({ verb: 'actions.update', actionId: '2023-06-15-action-3', version: 1, status: 'finished' }, janet)),
    ).toMatch(/Status not understood/);
    expect(
      readCard(await t.submit({ verb: 'actions.update', actionId: '2023-06-15-action-3', version: 1, note: 'x'.repeat(1001) }, janet)),
    ).toMatch(/Progress note too long/);
    expect(
      readCard(await t.submit({ verb: 'actions.update', actionId: '2023-06-15-action-3', version: 1, due: '2023-12-01' }, janet)),
    ).toMatch(/Why the new date\?/);
    expect(storedData(t).actions).toEqual(before.actions);
    expect(storedData(t).audit.filter((e) => e.recordType === 'action')).toEqual([]);
  });

  test('When "action 1" names actions of two meetings, then the bot asks which, and the chosen one alone changes', async () => {
    await t.say('add action for the 12 September meeting: check the figures', clerk);
    const ask = await t.say('action 1 done', clerk);
    expect(readCard(ask)).toMatch(/Which action\?[\s\S]*Minutes of 15 June 2023[\s\S]*Minutes of 12 September 2023/);
    const september = cardElements(checkedCardOf(ask), 'Action.Submit')
      .map((a) => a.data as Json)
      .find((d) => d.actionId !== '2023-06-15-action-1')!;
    await t.submit(september, clerk);
    expect(actionNamed(t, 'ACTION 1', 'childrens-os-2023-09-12')).toMatchObject({ status: 'complete' });
    expect(actionNamed(t, 'ACTION 1', 'childrens-os-2023-06-15')).toMatchObject({ status: 'open' });
  });

  test('When typed text holds template syntax and markdown, then it is stored and shown as typed', async () => {
    const note = '${secret} **bold** {{DATE(2023-01-01T00:00:00Z)}}';
    const text = readCard(await t.say(`update action 3: ${note}`, janet));
    expect(text).toContain('**bold**');
    expect(action3().update).toBe(note);
  });
});
