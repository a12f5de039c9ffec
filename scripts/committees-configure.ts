/**
 * `npm run committees:configure -- FILE.csv`: sets each committee's clerk, quorum and
 * substitution notice in the store at STORE_PATH (see bot/features/membership/committeesConfigure.ts).
 * Refuses while the bot is running on the same store. Exit code 0 when applied, 1 when refused
 * or on error.
 */
import { readFileSync } from 'node:fs';
import { systemClock } from '../bot/clock';
import { ConfigError, loadConfig } from '../bot/config';
import {
  CONFIGURE_HEADER,
  configureCommittees,
  describeConfigure,
  parseCommitteesCsv,
} from '../bot/features/membership/committeesConfigure';
import { StoreLockedError } from '../bot/store/lock';
import { SeedError, seedFor } from '../bot/store/seed';
import { StoreLoadError } from '../bot/store/store';

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    process.stderr.write(`Usage: npm run committees:configure -- FILE.csv\nThe CSV has the header "${CONFIGURE_HEADER}".\n`);
    return 1;
  }
  const config = loadConfig();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`Nothing was written. Cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  const parsed = parseCommitteesCsv(text);
  if (parsed.kind === 'invalid') {
    process.stderr.write(`Nothing was written. ${file} cannot be used:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  const report = await configureCommittees(config.storePath, parsed.rows, { seed: seedFor(config.seed), clock: systemClock });
  (report.kind === 'configured' ? process.stdout : process.stderr).write(`${describeConfigure(report)}\n`);
  return report.kind === 'configured' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof StoreLoadError || err instanceof StoreLockedError || err instanceof SeedError) {
      process.stderr.write(`Nothing was written. ${err.message}\n`);
    } else {
      process.stderr.write(`committees:configure failed: ${(err as Error).stack ?? String(err)}\n`);
    }
    process.exit(1);
  },
);
