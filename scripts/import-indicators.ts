/**
 * `npm run import:indicators -- FILE.csv`: records many indicator figures in the store at
 * STORE_PATH (see bot/features/indicators/indicatorImport.ts). Refuses while the bot is running
 * on the same store. BOT_NOW pins the date figures are checked against. Exit code 0 when
 * imported, 1 when refused or on error.
 */
import { readFileSync } from 'node:fs';
import { FixedClock, systemClock } from '../bot/clock';
import { ConfigError, loadConfig } from '../bot/config';
import { describeIndicatorImport, importIndicators, INDICATOR_HEADER, parseIndicatorCsv } from '../bot/features/indicators/indicatorImport';
import { StoreLockedError } from '../bot/store/lock';
import { loadSeed } from '../bot/store/seed';
import { StoreLoadError } from '../bot/store/store';

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    process.stderr.write(`Usage: npm run import:indicators -- FILE.csv\nThe CSV has the header "${INDICATOR_HEADER.join(',')}".\n`);
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
  const parsed = parseIndicatorCsv(text);
  if (parsed.kind === 'invalid') {
    process.stderr.write(`Nothing was written. ${file} cannot be imported:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  const clock = config.now ? new FixedClock(config.now) : systemClock;
  const report = await importIndicators(config.storePath, parsed.rows, { seed: () => loadSeed(), clock });
  (report.kind === 'imported' ? process.stdout : process.stderr).write(`${describeIndicatorImport(report)}\n`);
  return report.kind === 'imported' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof StoreLoadError || err instanceof StoreLockedError) {
      process.stderr.write(`Nothing was written. ${err.message}\n`);
    } else {
      process.stderr.write(`import:indicators failed: ${(err as Error).stack ?? String(err)}\n`);
    }
    process.exit(1);
  },
);
