import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import type { StoreData } from '../bot/store/schema';
import { buildUser, type TeamsUser, type ConversationKind } from './helpers/activities';
import { cardElements } from './helpers/cards';
import { cardText, checkedCardOf, startTestBot, type TestBot } from './helpers/testBot';

/**
 * Every list card stays under Teams' 28 KB limit whatever is stored: big lists page with
 * "Show more", long fields are shortened with the full text one click away.
 */
const abbas = buildUser('Qaisar Abbas');
const clerk = buildUser('Rhiannon Whiteley');
const SEPT = 'childrens-os-2023-09-12';
const NOW = '2023-09-05T09:00:00+01:00';

type Json = Record<string, unknown>;

/** A long, unique text: `label` first, so each row can be told apart on the card. */
const long = (label: string, chars = 1000) =>
  `${label} ${'and the provider holds a contract that my household benefits from '.repeat(40)}`.slice(0, chars);

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
    meetingIn(data, id).agendaItems.push({
      number: String(i),
      title: long(`Item title ${i}`, 600),
      pages: null,
      leadOfficer: null,
      restricted: false,
    });
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

  test('When a member has eleven long declarations, then "declarations for the next meeting" pages through all of them, each once, on valid cards, and a forged Show more is refused', async () => {
    t = await startTestBot({
      now: NOW,
      storePath: bigStore((d) => {
        moreItems(d, 3);
        declarationsBy(d, 'qaisar-abbas', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
      }),
    });
    const cards = await pageThrough(t, checkedCardOf(await t.say('declarations for the next meeting', abbas)), abbas);
    expect(cards.length).toBeGreaterThan(1);
    const all = cards.map(textOf).join('\n');
    for (let i = 1; i <= 11; i += 1) expect(count(all, `Nature ${i}:`)).toBe(1);
    expect(all).toMatch(/11 declarations/);
    // A forged "Show more" naming an unknown list or meeting gets the stale-button answer.
    expect(textOf(checkedCardOf(await t.submit({ verb: 'list.more', list: 'constructor', offset: 1 }, abbas)))).toMatch(/no longer works/);
    expect(textOf(checkedCardOf(await t.submit({ verb: 'list.more', list: 'declarations', meetingId: 'nope', offset: 1 }, abbas)))).toMatch(
      /no longer works/,
    );
  });

  test('When a member has eleven long declarations, then "my declarations" pages through all of them and "Full text" shows a nature in full', async () => {
    t = await startTestBot({
      now: NOW,
      storePath: bigStore((d) => {
        moreItems(d, 3);
        declarationsBy(d, 'qaisar-abbas', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
      }),
    });
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

  test('When a stored nature is 60,000 characters long, then the list card stays valid and "Full text" pages through the whole of it', async () => {
    const huge = Array.from({ length: 3000 }, (_, i) => `part${i} of the nature`)
      .join(' ')
      .slice(0, 60_000);
    t = await startTestBot({
      now: NOW,
      storePath: bigStore((d) => {
        declarationsBy(d, 'qaisar-abbas', ['8']);
        d.declarations[0]!.nature = huge;
      }),
    });
    const first = checkedCardOf(await t.say('my declarations', abbas));
    const full = submits(first).find((b) => b.title === 'Full text')!;
    const cards = await pageThrough(t, checkedCardOf(await t.submit(full.data, abbas)), abbas);
    expect(cards.length).toBeGreaterThan(1);
    // The text itself is in the runs that are not the subtle line saying whose it is.
    const parts = cards.flatMap((c) =>
      cardElements(c, 'TextRun')
        .filter((r) => r.isSubtle !== true)
        .map((r) => String(r.text)),
    );
    expect(parts.join('') === huge).toBe(true);
  });

  test('When a member has eleven long declarations, then the clerk\'s "minutes text for the next meeting" is a valid card with every declaration in full, once', async () => {
    t = await startTestBot({
      now: NOW,
      storePath: bigStore((d) => {
        moreItems(d, 3);
        declarationsBy(d, 'qaisar-abbas', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
      }),
    });
    const cards = await pageThrough(t, checkedCardOf(await t.say('minutes text for the next meeting', clerk)), clerk);
    const all = cards.map((c) => cardText(c, { dropJoiners: true, joinBlocks: true })).join('\n');
    for (let i = 1; i <= 11; i += 1) {
      expect(count(all, `Nature ${i}:`)).toBe(1);
      expect(all).toContain(long(`Nature ${i}:`).replace(/[.\s]+$/, ''));
    }
  });

  test('When forty long declarations are recorded, then the minutes text spans several valid cards with every declaration in full, once', async () => {
    const items = Array.from({ length: 40 }, (_, i) => String(i + 1));
    t = await startTestBot({
      now: NOW,
      storePath: bigStore((d) => {
        moreItems(d, 30);
        declarationsBy(d, 'qaisar-abbas', items);
      }),
    });
    const cards = await pageThrough(t, checkedCardOf(await t.say('minutes text for the next meeting', clerk)), clerk);
    expect(cards.length).toBeGreaterThan(1);
    const all = cards.map((c) => cardText(c, { dropJoiners: true, joinBlocks: true })).join('\n');
    for (let i = 1; i <= 40; i += 1) {
      expect(count(all, `Nature ${i}:`)).toBe(1);
      expect(all).toContain(long(`Nature ${i}:`).replace(/[.\s]+$/, ''));
    }
  });
});

describe('other lists whatever is stored', () => {
  let t: TestBot;
  afterEach(async () => {
    await t.stop();
  });

  test('When forty members send long apologies, then the clerk pages through every one once in personal chat and opens a full reason in one click', async () => {
    const storePath = bigStore((d) => {
      const committee = d.committees.find((c) => c.id === 'childrens-os')!;
      for (let i = 1; i <= 40; i += 1) {
        d.people.push({ id: `extra-${i}`, name: `Member No${i}x`, kind: 'member', title: 'Councillor' });
        committee.membership.push({ personId: `extra-${i}`, role: 'member' });
        d.apologies.push({
          id: `apology-${i}`,
          meetingId: SEPT,
          personId: `extra-${i}`,
          reason: long(`Reason No${i}x`, 500),
          substituteId: null,
          status: 'sent',
          recordedBy: { personId: `extra-${i}`, aadObjectId: null },
          onBehalf: false,
          createdAt: '2023-09-01T10:00:00.000Z',
          updatedAt: '2023-09-01T10:00:00.000Z',
        });
      }
    });
    t = await startTestBot({ now: NOW, storePath });
    const first = checkedCardOf(await t.say('apologies for the next meeting', clerk));
    const cards = await pageThrough(t, first, clerk);
    expect(cards.length).toBeGreaterThan(1);
    const all = cards.map(textOf).join('\n');
    for (let i = 1; i <= 40; i += 1) {
      expect(count(all, `Member No${i}x`)).toBe(1);
      expect(count(all, `Reason No${i}x`)).toBe(1);
    }
    const full = submits(first).find((b) => b.title === 'Full reason')!;
    expect(textOf(checkedCardOf(await t.submit(full.data, clerk)))).toContain(long('Reason No1x', 500));
  });

  test('When thirty open actions have long text and updates, then "open actions" pages through each once and the full text is one click away', async () => {
    const storePath = bigStore((d) => {
      for (let i = 1; i <= 30; i += 1) {
        d.actions.push({
          id: `big-action-${i}`,
          reference: `REF No${i}x`,
          origin: { kind: 'plan', title: 'Big plan' },
          text: long(`Action No${i}x`, 3000),
          requestedBy: null,
          owner: { name: 'An Officer' },
          due: '2023-12-31',
          dueText: null,
          status: 'open',
          rag: null,
          update: long(`Update No${i}x`, 3000),
          source: { document: 'test' },
        });
      }
    });
    t = await startTestBot({ now: NOW, storePath });
    const first = checkedCardOf(await t.say('open actions on action plans', clerk));
    const cards = await pageThrough(t, first, clerk);
    const all = cards.map(textOf).join('\n');
    for (let i = 1; i <= 30; i += 1) expect(count(all, `Action No${i}x`)).toBe(1);
    const full = cards.flatMap(submits).find((b) => b.title === 'Full text')!;
    const shown = textOf(checkedCardOf(await t.submit(full.data, clerk))).replace(/\n/g, '');
    const which = /Action No(\d+)x/.exec(shown)![1];
    expect(shown).toContain(long(`Action No${which}x`, 3000));
  });

  test('When an agenda has sixty items with long titles and descriptions, then "agenda for the next meeting" pages through every item once and a full description is one click away', async () => {
    const storePath = bigStore((d) => {
      const m = meetingIn(d);
      for (let i = 11; i <= 70; i += 1) {
        m.agendaItems.push({
          number: String(i),
          title: long(`Title No${i}x`, 800),
          description: long(`Description No${i}x`, 4000),
          pages: null,
          leadOfficer: 'An Officer',
          restricted: false,
        });
      }
    });
    t = await startTestBot({ now: NOW, storePath });
    const first = checkedCardOf(await t.say('agenda for the next meeting', abbas));
    const cards = await pageThrough(t, first, abbas);
    expect(cards.length).toBeGreaterThan(1);
    const all = cards.map(textOf).join('\n');
    for (let i = 11; i <= 70; i += 1) expect(count(all, `Title No${i}x`)).toBe(1);
    const last = cards.at(-1)!;
    const full = submits(last).find((b) => b.title === 'Full description')!;
    const shown = textOf(checkedCardOf(await t.submit(full.data, abbas))).replace(/\n/g, '');
    const which = /Description No(\d+)x/.exec(shown)![1];
    expect(shown).toContain(long(`Description No${which}x`, 4000));
  });

  test('When a committee has three hundred substitutes, then "who are the substitutes" pages through every one once', async () => {
    const storePath = bigStore((d) => {
      const committee = d.committees.find((c) => c.id === 'childrens-os')!;
      for (let i = 1; i <= 300; i += 1) {
        d.people.push({ id: `sub-${i}`, name: `Substitute No${i}x ${'Longname-'.repeat(8)}`, kind: 'member', title: 'Councillor' });
        committee.substitutes.push(`sub-${i}`);
      }
    });
    t = await startTestBot({ now: NOW, storePath });
    const cards = await pageThrough(t, checkedCardOf(await t.say('who are the substitutes', abbas)), abbas);
    expect(cards.length).toBeGreaterThan(1);
    const all = cards.map(textOf).join('\n');
    for (let i = 1; i <= 300; i += 1) expect(count(all, `Substitute No${i}x`)).toBe(1);
  });

  test('When the work programme holds two hundred long topics, then "work programme" pages through every topic once', async () => {
    const storePath = bigStore((d) => {
      for (let i = 1; i <= 200; i += 1) {
        d.workProgramme.push({
          id: `wp-big-${i}`,
          committeeId: 'childrens-os',
          meetingId: i % 2 ? SEPT : null,
          topic: long(`Topic No${i}x`, 2000),
          leadOfficer: 'An Officer',
          requestedBy: 'Members',
          source: { document: 'test' },
        });
      }
    });
    t = await startTestBot({ now: NOW, storePath });
    const first = checkedCardOf(await t.say('work programme', abbas));
    const cards = await pageThrough(t, first, abbas);
    expect(cards.length).toBeGreaterThan(1);
    const all = cards.map(textOf).join('\n');
    for (let i = 1; i <= 200; i += 1) expect(count(all, `Topic No${i}x`)).toBe(1);
    const full = submits(first).find((b) => b.title === 'Full text')!;
    const shown = textOf(checkedCardOf(await t.submit(full.data, abbas))).replace(/\n/g, '');
    const which = /Topic No(\d+)x/.exec(shown)![1];
    expect(shown).toContain(long(`Topic No${which}x`, 2000));
  });
});
