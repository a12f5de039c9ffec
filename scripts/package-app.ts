/**
 * `npm run package`: writes build/appPackage.zip, the file a Teams administrator uploads.
 *
 *   TEAMS_APP_ID=<guid> BOT_ID=<bot app id> BOT_DOMAIN=<host> npm run package
 *
 * BOT_ID falls back to MicrosoftAppId. `--out FILE` writes elsewhere. Refuses (exit 1, nothing
 * written) when a variable is missing or malformed, or when the filled manifest is not valid
 * against its bundled schema.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ZIP_PATH, PackageError, VARIABLES, buildAppPackage } from './app-package';
import { validateManifest } from './manifest-schema';

async function main(): Promise<number> {
  const outFlag = process.argv.indexOf('--out');
  const out = outFlag >= 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1]!) : PACKAGE_ZIP_PATH;
  const shown = path.relative(process.cwd(), out) || out;
  let pkg;
  try {
    pkg = await buildAppPackage(process.env);
  } catch (err) {
    if (!(err instanceof PackageError)) throw err;
    rmSync(out, { force: true }); // never leave an older zip that looks like this run's
    process.stderr.write(`${err.message}\n\nSet them in the environment, for example:\n`);
    process.stderr.write(`  ${VARIABLES.map((v) => `${v.name}=...`).join(' ')} npm run package\n`);
    return 1;
  }
  const { errors, schemaFile } = await validateManifest(pkg.manifest);
  if (errors.length > 0) {
    rmSync(out, { force: true });
    process.stderr.write(`Cannot build the Teams app package: the manifest is not valid against ${schemaFile}:\n`);
    for (const e of errors) process.stderr.write(`  - ${e}\n`);
    return 1;
  }
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, pkg.zip);
  const manifest = pkg.manifest as {
    id: string;
    version: string;
    manifestVersion: string;
    bots: { botId: string }[];
    validDomains: string[];
  };
  console.log(`Wrote ${shown} (${pkg.zip.length} bytes): ${pkg.files.join(', ')}`);
  console.log(`  manifest ${manifest.manifestVersion}, valid against the bundled schema ${schemaFile}`);
  console.log(
    `  app id ${manifest.id}, version ${manifest.version}, bot ${manifest.bots[0]?.botId}, valid domains ${manifest.validDomains.join(', ')}`,
  );
  console.log('Upload it in Teams (Apps → Manage your apps → Upload an app) or the Teams admin centre.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`npm run package failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
