/**
 * `npm run sync`: one sync from modern.gov (MODERNGOV_URL, MODERNGOV_COMMITTEES) into the store at
 * STORE_PATH, created from the seed (SEED_DIR) when missing. Prints what changed per committee and any
 * problems. Refuses while the bot has the store open (ask the bot "sync now" instead). Exit code
 * 0 when every chosen committee synced, 1 otherwise.
 */
import { FixedClock, systemClock } from '../bot/clock';
import { loadConfig } from '../bot/config';
import { createLogger } from '../bot/logger';
import { ModernGovClient } from '../bot/features/sync/client';
import { runSync } from '../bot/features/sync/engine';
import { committeeLine, noteLines } from '../bot/features/sync/answers';
import { keepForBot } from '../bot/features/alerts/pending';
import { lockStore, StoreLockedError } from '../bot/store/lock';
import { createLowdbRepository } from '../bot/store/lowdbRepository';
import { seedFor } from '../bot/store/seed';
import { Store } from '../bot/store/store';
import { runCommand } from './storeCommand';

async function main(): Promise<number> {
  if (process.argv.length > 2) {
    process.stderr.write('Usage: npm run sync\nSettings come from MODERNGOV_URL, MODERNGOV_COMMITTEES and STORE_PATH (see the README).\n');
    return 1;
  }
  const config = loadConfig();
  if (!config.moderngov) {
    process.stderr.write('Nothing was synced: set MODERNGOV_URL to the modern.gov site (e.g. https://democracy.example.gov.uk).\n');
    return 1;
  }
  const clock = config.now ? new FixedClock(config.now) : systemClock;
  let lock;
  try {
    lock = await lockStore(config.storePath, 'npm run sync');
  } catch (err) {
    if (err instanceof StoreLockedError) {
      process.stderr.write(
        `Nothing was synced: the store ${config.storePath} is in use (${err.holder ? err.holder.what : 'another program'}). ` +
          'While the bot is running, ask it "sync now" in Teams instead.\n',
      );
      return 1;
    }
    throw err;
  }
  try {
    const store = await Store.open(config.storePath, { seed: seedFor(config.seed), clock });
    try {
      const records = createLowdbRepository(store, clock);
      const client = new ModernGovClient({ site: config.moderngov.site });
      const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
      const { run, meetingChanges } = await runSync({ records, client, settings: config.moderngov, clock, logger });
      // The bot is not running (the lock says so): the committee is told when it next starts.
      const waiting = await keepForBot(records, meetingChanges);
      const out = run.ok ? process.stdout : process.stderr;
      out.write(`${run.ok ? 'Synced' : 'Synced with problems'} from ${run.site} into ${config.storePath}:\n`);
      const lines = [...run.committees.map(committeeLine), ...noteLines(run), ...run.problems.map((p) => `Problem: ${p}`)];
      for (const line of lines) out.write(`  ${line}\n`);
      if (!waiting.ok) {
        process.stderr.write(`The meeting changes could not be kept for the bot's alerts (${waiting.error.kind}).\n`);
        return 1;
      }
      out.write(`${waiting.value} alert${waiting.value === 1 ? '' : 's'} waiting for the bot: posted when it next starts.\n`);
      return run.ok ? 0 : 1;
    } finally {
      await store.close();
    }
  } finally {
    await lock.release();
  }
}

runCommand('sync', main, 'Nothing was synced.');
