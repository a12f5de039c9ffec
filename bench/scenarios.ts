import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSeed } from '../bot/store/seed';
import { storeFromSeed } from '../bot/store/store';
import type { StoreData } from '../bot/store/schema';
import { benchUser, linkPeopleAsBenchUsers, message, submit, type BenchUser } from './activities';

/** The pinned clock for every run: a week before the committee's September meeting. */
export const BENCH_NOW = '2023-09-05T09:00:00+01:00';
export const SEPTEMBER_MEETING = 'childrens-os-2023-09-12';

/** The turns measured, as a councillor on the committee sends them in a personal chat. */
export interface TurnKind {
  name: string;
  activity: (serviceUrl: string, i: number) => Record<string, unknown>;
  /** What the answer must say (checked on every reply, so a fast wrong answer cannot pass). */
  expect: RegExp;
}

export const COUNCILLOR: BenchUser = benchUser('Qaisar Abbas');

export const QUESTIONS: TurnKind[] = [
  { name: 'next meeting', activity: (url) => message(url, COUNCILLOR, 'When is the next meeting?'), expect: /12 September 2023/ },
  { name: 'CP rate', activity: (url) => message(url, COUNCILLOR, 'What is the CP rate?'), expect: /child protection plan/i },
  { name: 'open actions', activity: (url) => message(url, COUNCILLOR, 'open actions'), expect: /[Oo]pen actions/ },
  // Search runs on every message no definition recognises; the seed's work programme and every
  // generated store hold transport items, so the answer is always a results card.
  { name: 'search', activity: (url) => message(url, COUNCILLOR, 'anything about transport'), expect: /Search: \\?"transport\\?"/ },
];

export const APOLOGY: TurnKind = {
  name: 'apology submit',
  // A new reason each time, so every turn is a real write (an update with its audit entry).
  activity: (url, i) =>
    submit(url, COUNCILLOR, { verb: 'apologies.submit', meetingId: SEPTEMBER_MEETING, reason: `Benchmark reason ${i}` }),
  expect: /Apologies (sent|updated)/,
};

/** The echo bot answers every turn with "Echo: ...". */
export const ECHO_EXPECT = /Echo: /;

const tempFolders: string[] = [];

/** A store file in a new temporary folder (under `under`, the system's temp folder by default), removed by removeTempStores. */
export function tempStorePath(label: string, under = tmpdir()): string {
  const folder = mkdtempSync(path.join(under, `bench-${label}-`));
  tempFolders.push(folder);
  return path.join(folder, 'store.json');
}

/**
 * Removes every folder tempStorePath made (the generated stores and their copies); left
 * behind, a few runs fill a small disk.
 * Called on exit, so a failed run cleans up too.
 */
export function removeTempStores(): void {
  for (const folder of tempFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/**
 * Writes a store file and waits for it to reach the disk: megabytes left to the kernel's
 * writeback would be flushed later, in the middle of the measurements.
 */
export function writeStore(file: string, data: StoreData): number {
  const text = JSON.stringify(data);
  writeFileSync(file, text);
  syncFile(file);
  return Buffer.byteLength(text);
}

export function syncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function seedStore(): StoreData {
  return linkPeopleAsBenchUsers(storeFromSeed(loadSeed()));
}
