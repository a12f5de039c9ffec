/**
 * What the store commands share: exit codes (0 done, 1 refused or failed), a polite message for
 * what a user can cause (bad settings, a store that will not load or is in use, a bad seed), a
 * stack trace for anything else; and, for the CSV commands, reading and checking the file before
 * anything is opened.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../bot/config';
import { StoreLockedError } from '../bot/store/lock';
import { SeedError } from '../bot/store/seed';
import { StoreLoadError } from '../bot/store/store';

/** Runs `main` and exits with its code; `refusal` opens the message for an error a user can cause. */
export function runCommand(name: string, main: () => Promise<number>, refusal = 'Nothing was written.'): void {
  // A throw before main's first await is answered like a rejection.
  Promise.resolve()
    .then(main)
    .then(
      (code) => process.exit(code),
      (err: unknown) => {
        if (err instanceof ConfigError || err instanceof StoreLoadError || err instanceof StoreLockedError || err instanceof SeedError) {
          process.stderr.write(`${refusal} ${err.message}\n`);
        } else {
          process.stderr.write(`${name} failed: ${(err as Error).stack ?? String(err)}\n`);
        }
        process.exit(1);
      },
    );
}

export interface CsvCommand<Row> {
  /** The npm script, e.g. `people:import`. */
  name: string;
  /** What the CSV holds, shown after the usage line. */
  header: string;
  /** Opens the message for a file that cannot be read ('' or 'Nothing was written. '). */
  unreadable: string;
  /** How a file with problems is described: "FILE cannot be <verb>". */
  verb: string;
  parse(text: string): { kind: 'ok'; rows: Row[] } | { kind: 'invalid'; problems: string[] };
  /** Applies the rows to the store; `done` false when refused. */
  apply(config: Config, rows: Row[]): Promise<{ done: boolean; message: string }>;
}

/** `npm run <name> -- FILE.csv`: checks the file, then applies it; nothing is written when it has problems. */
export function runCsvCommand<Row>(command: CsvCommand<Row>): void {
  runCommand(command.name, async () => {
    const file = process.argv[2];
    if (!file || process.argv.length > 3) {
      process.stderr.write(`Usage: npm run ${command.name} -- FILE.csv\n${command.header}\n`);
      return 1;
    }
    const config = loadConfig();
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      process.stderr.write(`${command.unreadable}Cannot read ${file}: ${(err as Error).message}\n`);
      return 1;
    }
    const parsed = command.parse(text);
    if (parsed.kind === 'invalid') {
      process.stderr.write(
        `Nothing was written. ${file} cannot be ${command.verb}:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}\n`,
      );
      return 1;
    }
    const report = await command.apply(config, parsed.rows);
    (report.done ? process.stdout : process.stderr).write(`${report.message}\n`);
    return report.done ? 0 : 1;
  });
}
