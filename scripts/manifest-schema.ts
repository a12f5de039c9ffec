import { execFile } from 'node:child_process';
import { ROOT } from './app-package';

/**
 * Validates a Teams manifest against the JSON schema its `$schema` names, using the copy bundled
 * in @microsoft/app-manifest (AppManifestUtils.validateAgainstSchema), with no network: fetch is
 * disabled in the validating process, so a schema that is not bundled is an error, not a download.
 *
 * The validation runs in a child Node process because @microsoft/app-manifest loads an ESM-only
 * dependency (strip-bom) with require(): plain Node ≥ 20.19 does that, jest's loader cannot.
 */
export interface SchemaResult {
  /** Empty when the manifest is valid. */
  errors: string[];
  /** Which bundled schema file was used, relative to the package. */
  schemaFile: string;
}

const VALIDATOR = `
const path = require('node:path');
const fs = require('node:fs');
globalThis.fetch = async (url) => { throw new Error('offline: the schema ' + url + ' is not bundled in @microsoft/app-manifest'); };
const { AppManifestUtils } = require('@microsoft/app-manifest');
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', async () => {
  try {
    const manifest = JSON.parse(input);
    const url = new URL(manifest.$schema);
    const suffix = url.pathname.replace(/^\\/[a-z]{2}(-[a-z]{2})?(?=\\/json-schemas\\/)/i, '').replace(/^\\//, '');
    const schemaFile = path.join(path.dirname(require.resolve('@microsoft/app-manifest')), suffix);
    if (!fs.existsSync(schemaFile)) throw new Error('@microsoft/app-manifest bundles no schema for ' + manifest.$schema);
    const schema = await AppManifestUtils.fetchSchema(manifest.$schema);
    const errors = await AppManifestUtils.validateAgainstSchema(manifest, schema);
    process.stdout.write(JSON.stringify({ errors, schemaFile: '@microsoft/app-manifest/' + path.relative(path.dirname(path.dirname(require.resolve('@microsoft/app-manifest'))), schemaFile).split(path.sep).join('/') }));
  } catch (err) {
    process.stdout.write(JSON.stringify({ failure: String(err && err.message || err) }));
  }
});
`;

export function validateManifest(manifest: unknown, timeoutMs = 30_000): Promise<SchemaResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', VALIDATOR],
      { cwd: ROOT, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`manifest validation did not run: ${err.message}\n${stderr}`));
        let out: { errors?: string[]; schemaFile?: string; failure?: string };
        try {
          out = JSON.parse(stdout) as typeof out;
        } catch {
          return reject(new Error(`manifest validation printed no result: ${stdout}\n${stderr}`));
        }
        if (out.failure) return reject(new Error(`manifest validation failed: ${out.failure}`));
        resolve({ errors: out.errors ?? [], schemaFile: out.schemaFile ?? '' });
      },
    );
    child.stdin!.end(JSON.stringify(manifest));
  });
}
