import { SCHEMA_VERSION } from './schema';

/**
 * Migration hook. Each entry lifts a store from version N to N+1; add one whenever
 * SCHEMA_VERSION is bumped. Migrations work on plain JSON before schema validation.
 */
type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

export const migrations: Record<number, Migration> = {
  // 1: (raw) => ({ ...raw, schemaVersion: 2, newThing: [] }),
};

export class MigrationError extends Error {}

/** Returns the migrated JSON and whether anything changed. */
export function migrate(raw: Record<string, unknown>): { data: Record<string, unknown>; migrated: boolean } {
  let data = raw;
  const found = data.schemaVersion;
  if (typeof found !== 'number' || !Number.isInteger(found)) {
    throw new MigrationError('schemaVersion is missing or not a whole number');
  }
  let version: number = found;
  if (version > SCHEMA_VERSION) {
    throw new MigrationError(
      `schemaVersion ${version} is newer than this bot understands (${SCHEMA_VERSION}); upgrade the bot`,
    );
  }
  const start = version;
  while (version < SCHEMA_VERSION) {
    const step = migrations[version];
    if (!step) throw new MigrationError(`no migration from schemaVersion ${version}`);
    data = step(data);
    version = data.schemaVersion as number;
  }
  return { data, migrated: version !== start };
}
