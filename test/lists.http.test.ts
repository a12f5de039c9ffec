import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import type { StoreData } from '../bot/store/schema';
import { buildUser, type TeamsUser, type ConversationKind } from './helpers/activities';
import { cardElements } from './helpers/cards';
import { cardOf, cardText, checkedCardOf, startTestBot, storedData, type TestBot } from './helpers/testBot';

/**
 * Every list card stays under Teams' 28 KB limit whatever is stored: big lists page with
 * "Show more", long fields are shortened with the full text one click away.
 */
const abbas = buildUser('Qaisar Abbas');
const clerk = buildUser('Rhiannon Whiteley');
const rigby = buildUser('Elizabeth Rigby');
const SEPT = 'childrens-os-2023-09-12';
const NOW = '2023-09-05T09:00:00+01:00';

type Json = Record<string, unknown>;

/** A long, unique text: `label` first, so each row can be told apart on the card. */
const long = (label: string, chars = 1000) => `${label} ${'and the provider holds a contract that my household benefits from '.repeat(40)}`.slice(0, chars);

/** A store from the seed with more added by `grow`, written to a temporary file. */
function bigStore(grow: (data: StoreData) => void): string {
  const data = storeFromSeed(loadSeed());
  grow(data);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'committee-lists-')), 'store.json');
  writeFileSync(file, JSON.stringify(data));
  return file;
}

const meetingIn = (data: StoreData, id = SEPT) => data.meetings.find((m) => m.id === id)!;

/** Agenda items 11 to 10 + n, each with a long title. */
function moreItems(data: StoreData, n: number, id = SEPT): void {
  for (let i = 11; i < 11 + n; i += 1) {
    meetingIn(data, id).agendaItems.push({ number: String(i), title: long(`Item title ${i}`, 600), pages: null, leadOfficer: null, restricted: false });
  }
}

function declarationsBy(data: StoreData, personId: string, items: string[]): void {
  items.forEach((number, i) => {
    data.declarations.push({
      id: `decl-${personId}-${number}`,
      meetingId: SEPT,
      agendaItemNumber: number,
      personId,
      kind: 'disclosable-pecuniary',
      nature: long(`Nature ${i + 1}:`),
      onRegister: false,
      status: 'declared',
      recordedBy: { personId, aadObjectId: null },
      onBehalf: false,
      createdAt: '2023-09-01T10:00:00.000Z',
      updatedAt: '2023-09-01T10:00:00.000Z',
    });
  });
}

/** The buttons (Action.Submit) on a card, anywhere on it, with their titles and data. */
function submits(card: Json): { title: string; data: Json }[] {
  return cardElements(card, 'Action.Submit').map((a) => ({ title: String(a.title), data: a.data as Json }));
}

/** Clicks "Show more" until there is none; every card is checked. Returns the cards in order. */
async function pageThrough(t: TestBot, first: Json, who: TeamsUser, kind: ConversationKind = 'personal'): Promise<Json[]> {
  const cards = [first];
  for (let i = 0; i < 100; i += 1) {
    const more = submits(cards.at(-1)!).find((b) => b.title.startsWith('Show more'));
    if (!more) return cards;
    cards.push(checkedCardOf(await t.submit(more.data, who, kind)));
  }
  throw new Error('Show more never ended');
}

const textOf = (card: Json) => cardText(card, { dropJoiners: true });
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('declarations lists and minutes whatever is stored', () => {
  let t: TestBot;
  afterEach(async () => {
    await t.stop();
  });

  test('When a member has eleven long declarations, then "declarations for the next meeting" pages through all of them, each once, on valid cards', async () => {
    t = await startTestBot({ now: NOW, storePath: bigStore((d) => { moreItems(d, 3); declarationsBy(d, 'qaisar-abbas', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']); }) });
    const cards = await pageThrough(t, checkedCardOf(await t.say('declarations for the next meeting', abbas)), abbas);
    expect(cards.length).toBeGreaterThan(1);
    const all = cards.map(textOf).join('\n');
    for (let i = 1; i <= 11; i += 1) expect(count(all, `Nature ${i}:`)).toBe(1);
    expect(all).toMatch(/11 declarations/);
  });

  test('When a member has eleven long declarations, then "my declarations" pages through all of them and "Full text" shows a nature in full', async () => {
    t = await startTestBot({ now: NOW, storePath: bigStore((d) => { moreItems(d, 3); declarationsBy(d, 'qaisar-abbas', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']); }) });
    const first = checkedCardOf(await t.say('my declarations', abbas));
    const cards = await pageThrough(t, first, abbas);
    const all = cards.map(textOf).join('\n');
    for (let i = 1; i <= 11; i += 1) expect(count(all, `Nature ${i}:`)).toBe(1);
    // A nature is shortened on the list; one click shows it as stored.
    expect(textOf(first)).not.toContain(long('Nature 1:'));
    const full = submits(first).find((b) => b.title === 'Full text')!;
    expect(full).toBeDefined();
    const shown = textOf(checkedCardOf(await t.submit(full.data, abbas)));
    expect(shown.replace(/\n/g, '')).toContain(long('Nature 1:'));
  });

  test('When a member has eleven long declarations, then the clerk\'s "minutes text for the next meeting" spans valid cards with every declaration in full, once', async () => {
    t = await startTestBot({ now: NOW, storePath: bigStore((d) => { moreItems(d, 3); declarationsBy(d, 'qaisar-abbas', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']); }) });
    const cards = await pageThrough(t, checkedCardOf(await t.say('minutes text for the next meeting', clerk)), clerk);
    expect(cards.length).toBeGreaterThan(1);
    const all = cards.map((c) => cardText(c, { dropJoiners: true, joinBlocks: true })).join('\n');
    for (let i = 1; i <= 11; i += 1) {
      expect(count(all, `Nature ${i}:`)).toBe(1);
      expect(all).toContain(long(`Nature ${i}:`).replace(/[.\s]+$/, ''));
    }
  });

  test('When a forged "Show more" names an unknown list or meeting, then the stale-button answer is given', async () => {
    t = await startTestBot({ now: NOW });
    expect(textOf(checkedCardOf(await t.submit({ verb: 'list.more', list: 'constructor', offset: 1 }, abbas)))).toMatch(/no longer works/);
    expect(textOf(checkedCardOf(await t.submit({ verb: 'list.more', list: 'declarations', meetingId: 'nope', offset: 1 }, abbas)))).toMatch(/no longer works/);
  });
});
