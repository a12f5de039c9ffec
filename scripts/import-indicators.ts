/**
 * `npm run import:indicators -- FILE.csv`: records many indicator figures in the store at
 * STORE_PATH (see bot/features/indicators/indicatorImport.ts). Refuses while the bot is running
 * on the same store. BOT_NOW pins the date figures are checked against. Exit code 0 when
 * imported, 1 when refused or on error.
 */
import { FixedClock, systemClock } from '../bot/clock';
import { describeIndicatorImport, importIndicators, INDICATOR_HEADER, parseIndicatorCsv } from '../bot/features/indicators/indicatorImport';
import { seedFor } from '../bot/store/seed';
import { runCsvCommand } from './storeCommand';

runCsvCommand({
  name: 'import:indicators',
  header: `The CSV has the header "${INDICATOR_HEADER.join(',')}".`,
  unreadable: '',
  verb: 'imported',
  parse: parseIndicatorCsv,
  apply: async (config, rows) => {
    const clock = config.now ? new FixedClock(config.now) : systemClock;
    const report = await importIndicators(config.storePath, rows, { seed: seedFor(config.seed), clock });
    return { done: report.kind === 'imported', message: describeIndicatorImport(report) };
  },
});
