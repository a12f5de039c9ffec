import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Answer } from '../../bot/features/shared/answer';
import type { AskContext } from '../../bot/features/shared/context';
import { MAX_CARD_BYTES, renderCard } from '../../bot/cards/render';
import { FixedClock } from '../../bot/clock';
import type { Seed } from '../../bot/store/schema';
import { loadSeed } from '../../bot/store/seed';
import { Store } from '../../bot/store/store';
import { createLowdbRepository } from '../../bot/store/lowdbRepository';
import { cardProblems } from './validateCard';

/**
 * What capability tests need: a temp-file store, the context a capability is asked in, and a
 * render that checks the card is one Teams can show. No Teams, no server.
 */

/** Where the bot says it serves files (calendar invitations) in capability tests. */
export const PUBLIC_URL = 'https://bot.example.org';

/** The instant most capability tests stand at: Tuesday 5 September 2023, 9.00 am in London. */
const SEPT_5 = '2023-09-05T09:00:00+01:00';

/** A store opened for a capability test. */
export interface SeedStore {
  store: Store;
}

/**
 * Opens a store in a new temp file, seeded as the bot seeds it (from the committee's real data
 * unless a built `seed` is given). Its clock, which stamps what is written, reads `now`.
 */
export async function openSeedStore(seed: () => Seed = () => loadSeed(), now: string | Date = SEPT_5): Promise<SeedStore> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'committee-test-')), 'store.json');
  const store = await Store.open(file, { seed, clock: new FixedClock(new Date(now)) });
  return { store };
}

export interface AskOptions {
  /** The committee the conversation is about; unknown (null) unless given. */
  committeeId?: string | null;
  /** The person asking; a guest (null) unless given. */
  personId?: string | null;
}

/** The context a capability is asked in, at `now`, over the store. */
export function askContext(opened: SeedStore, now: string | Date, options: AskOptions = {}): AskContext {
  return {
    records: createLowdbRepository(opened.store, new FixedClock(new Date(now))),
    now: new Date(now),
    committeeId: options.committeeId ?? null,
    personId: options.personId ?? null,
    publicUrl: PUBLIC_URL,
  };
}

/** The context a capability is asked in at `now`, over a fresh store (see openSeedStore) whose clock reads `now`. */
export async function askContextAt(now: string, options: AskOptions & { seed?: () => Seed } = {}): Promise<AskContext> {
  const repo = await openSeedStore(options.seed, now);
  return askContext(repo, now, options);
}

/** Renders an answer and checks what every card must be: valid 1.5, under 28 KB, no leftovers. */
export function renderChecked(answer: Answer): Record<string, unknown> {
  const { card } = renderCard(answer.template, answer.view);
  expect(cardProblems(card)).toEqual([]);
  expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(MAX_CARD_BYTES);
  return card;
}
