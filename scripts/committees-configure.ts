/**
 * `npm run committees:configure -- FILE.csv`: sets each committee's clerk, quorum and
 * substitution notice in the store at STORE_PATH (see bot/features/membership/committeesConfigure.ts).
 * Refuses while the bot is running on the same store. Exit code 0 when applied, 1 when refused
 * or on error.
 */
import { systemClock } from '../bot/clock';
import {
  CONFIGURE_HEADER,
  configureCommittees,
  describeConfigure,
  parseCommitteesCsv,
} from '../bot/features/membership/committeesConfigure';
import { seedFor } from '../bot/store/seed';
import { runCsvCommand } from './storeCommand';

runCsvCommand({
  name: 'committees:configure',
  header: `The CSV has the header "${CONFIGURE_HEADER}".`,
  unreadable: 'Nothing was written. ',
  verb: 'used',
  parse: parseCommitteesCsv,
  apply: async (config, rows) => {
    const report = await configureCommittees(config.storePath, rows, { seed: seedFor(config.seed), clock: systemClock });
    return { done: report.kind === 'configured', message: describeConfigure(report) };
  },
});
