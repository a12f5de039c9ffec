import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FixedClock } from '../bot/clock';
import { createLogger } from '../bot/logger';
import { ModernGovClient } from '../bot/features/sync/client';
import { runSync } from '../bot/features/sync/engine';
import { createLowdbRepository } from '../bot/store/lowdbRepository';
import { loadSeed } from '../bot/store/seed';
import { Store } from '../bot/store/store';
import { FakeModernGov, fixture } from './helpers/fakeModernGov';
import { storeOnDisk } from './helpers/storeOnDisk';

/**
 * A whole council: 50 committees with 12 meetings each in the window, from a fake modern.gov
 * built out of the Art Galleries fixtures, synced by the engine into a store on disk.
 */
const COMMITTEES = 50;
const MEETINGS = 12;

function council(): Record<string, string> {
  const responses: Record<string, string> = { GetCouncillorsByWard: fixture('galleries/GetCouncillorsByWard.xml') };
  const committees: string[] = [];
  const meeting = fixture('galleries/GetMeeting-5001.xml');
  for (let c = 0; c < COMMITTEES; c += 1) {
    const id = String(1000 + c);
    committees.push(
      `<committee><committeeid>${id}</committeeid><committeetitle>Committee number ${id}</committeetitle><committeedeleted>False</committeedeleted><committeeexpired>False</committeeexpired></committee>`,
    );
    const listed: string[] = [];
    for (let m = 0; m < MEETINGS; m += 1) {
      const meetingId = `${id}${String(m).padStart(2, '0')}`;
      const date = `${String(1 + m * 2).padStart(2, '0')}/0${String(2 + (m % 6))}/2026`;
      listed.push(
        `<meeting><meetingid>${meetingId}</meetingid><meetingdate>${date}</meetingdate><meetingstatus>Confirmed</meetingstatus></meeting>`,
      );
      responses[`GetMeeting:${meetingId}`] = meeting
        .replace('<meetingid>5001</meetingid>', `<meetingid>${meetingId}</meetingid>`)
        .replace('<meetingdate>24/02/2026</meetingdate>', `<meetingdate>${date}</meetingdate>`)
        .replace(/memberid="(\d+)"/g, (_all, member: string) => `memberid="${id}${member}"`)
        .replace(/name="([^"]+)"/g, (_all, name: string) => `name="${name} ${id}"`);
    }
    responses[`GetMeetings:${id}`] =
      `<?xml version="1.0" encoding="utf-8"?><getmeetings><committee><committeeid>${id}</committeeid><committeemeetings>${listed.join('')}</committeemeetings></committee></getmeetings>`;
  }
  responses.GetCommittees = `<?xml version="1.0" encoding="utf-8"?><committees><committeescount> ${COMMITTEES}</committeescount>${committees.join('')}</committees>`;
  return responses;
}

describe('syncing a whole council', () => {
  test('When 50 committees with 12 meetings each are synced, then a few requests are open at a time, all land, and a second sync changes nothing', async () => {
    const fake = new FakeModernGov(council());
    await fake.start();
    fake.delayMs = 2;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sync-council-')), 'store.json');
    const clock = new FixedClock(new Date('2026-01-20T09:00:00Z'));
    const store = await Store.open(file, { seed: () => loadSeed(), clock });
    try {
      const records = createLowdbRepository(store, clock);
      const client = new ModernGovClient({ site: fake.url, concurrency: 4, minIntervalMs: 0 });
      const settings = { site: fake.url, committees: 'all' as const, monthsBack: 12, monthsAhead: 12 };
      const logger = createLogger('silent');
      const first = await runSync({ records, client, settings, clock, logger });
      expect(first.run.ok).toBe(true);
      expect(first.run.committees).toHaveLength(COMMITTEES);
      expect(first.run.committees.every((c) => c.created === MEETINGS)).toBe(true);
      expect(fake.requests).toHaveLength(2 + COMMITTEES * (1 + MEETINGS));
      expect(fake.maxInFlight).toBeLessThanOrEqual(4);
      const data = storeOnDisk(file);
      expect(data.meetings.filter((m) => m.moderngov)).toHaveLength(COMMITTEES * MEETINGS);
      expect(data.committees.find((c) => c.moderngov?.id === '1049')?.membership).toHaveLength(6);

      const audited = data.audit.length;
      const second = await runSync({ records, client, settings, clock, logger });
      expect(second.run.committees.every((c) => c.unchanged === MEETINGS && c.created + c.updated + c.cancelled === 0)).toBe(true);
      expect(second.meetingChanges).toEqual([]);
      expect(storeOnDisk(file).audit).toHaveLength(audited);
    } finally {
      await store.close();
      await fake.stop();
    }
  }, 120_000);
});
