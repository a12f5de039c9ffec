/**
 * `npm run people:import -- FILE.csv`: links people in the store at STORE_PATH to their email
 * and/or Entra object id (see bot/features/people/peopleImport.ts). Refuses while the bot is
 * running on the same store. Exit code 0 when imported, 1 when refused or on error.
 */
import { systemClock } from '../bot/clock';
import { describeImport, importPeople, parsePeopleCsv } from '../bot/features/people/peopleImport';
import { seedFor } from '../bot/store/seed';
import { runCsvCommand } from './storeCommand';

runCsvCommand({
  name: 'people:import',
  header: 'The CSV has the header "name,email,aadObjectId"; either of the last two may be empty.',
  unreadable: '',
  verb: 'imported',
  parse: parsePeopleCsv,
  apply: async (config, rows) => {
    const report = await importPeople(config.storePath, rows, { seed: seedFor(config.seed), clock: systemClock });
    return { done: report.kind === 'imported', message: describeImport(report) };
  },
});
