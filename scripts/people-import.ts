/**
 * `npm run people:import -- FILE.csv`: links people in the store at STORE_PATH to their email
 * and/or Entra object id (see bot/features/people/peopleImport.ts). Refuses while the bot is
 * running on the same store. Exit code 0 when imported, 1 when refused or on error.
 */
import { readFileSync } from 'node:fs';
import { systemClock } from '../bot/clock';
import { ConfigError, loadConfig } from '../bot/config';
import { describeImport, importPeople, parsePeopleCsv } from '../bot/features/people/peopleImport';
import { StoreLockedError } from '../bot/store/lock';
import { SeedError, seedFor } from '../bot/store/seed';
import { StoreLoadError } from '../bot/store/store';

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    process.stderr.write(
      'Usage: npm run people:import -- FILE.csv\nThe CSV has the header "name,email,aadObjectId"; either of the last two may be empty.\n',
    );
    return 1;
  }
  const config = loadConfig();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`Cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  const parsed = parsePeopleCsv(text);
  if (parsed.kind === 'invalid') {
    process.stderr.write(`Nothing was written. ${file} cannot be imported:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  const report = await importPeople(config.storePath, parsed.rows, { seed: seedFor(config.seed), clock: systemClock });
  (report.kind === 'imported' ? process.stdout : process.stderr).write(`${describeImport(report)}\n`);
  return report.kind === 'imported' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof StoreLoadError || err instanceof StoreLockedError || err instanceof SeedError) {
      process.stderr.write(`Nothing was written. ${err.message}\n`);
    } else {
      process.stderr.write(`people:import failed: ${(err as Error).stack ?? String(err)}\n`);
    }
    process.exit(1);
  },
);
