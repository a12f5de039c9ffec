/**
 * `npm run check:seed`: validates the seed a new store would be created from (SEED_DIR, by
 * default data/) against the store schema and its references, and reports what it holds. Exit
 * code 0 when it is valid (or SEED_DIR=none: there is no folder to check), 1 when it is not.
 */
import path from 'node:path';
import { loadConfig } from '../bot/config';
import { defaultSeedDir, loadSeed } from '../bot/store/seed';
import { runCommand } from './storeCommand';

runCommand(
  'check:seed',
  () => {
    const config = loadConfig();
    if (config.seed.kind === 'none') {
      process.stdout.write(`SEED_DIR=none: a new store starts empty for ${config.seed.councilName}; there is no seed folder to check.\n`);
      return Promise.resolve(0);
    }
    const dir = config.seed.dir ?? defaultSeedDir();
    const seed = loadSeed(dir);
    process.stdout.write(`The seed in ${path.resolve(dir)} is valid.\n`);
    for (const [kind, value] of Object.entries(seed)) {
      process.stdout.write(`${kind}: ${Array.isArray(value) ? value.length : 'ok'}\n`);
    }
    return Promise.resolve(0);
  },
  'The seed cannot be used.',
);
