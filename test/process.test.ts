import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeConnector } from './helpers/fakeConnector';
import { buildMessage, buildUser } from './helpers/activities';
import { linkTestPeople } from './helpers/linkPeople';

/**
 * The built entry point (what `npm start` runs) as a real process: start-up refusals,
 * readiness, and a clean stop on SIGTERM. `npm test` builds dist/ with tsc before jest runs.
 */
const entry = path.join(__dirname, '..', 'dist', 'bot', 'index.js');
const tempStore = () => path.join(mkdtempSync(path.join(tmpdir(), 'proc-')), 'store.json');

/** Every bot this file starts; any still running when a test ends (a failed one) is killed, so none outlives the run. */
const started = new Set<ChildProcess>();
afterEach(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
});

function run(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitForPort(output: () => string, ms = 15000): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    const match = /"port":(\d+)/.exec(output());
    if (match) return Number(match[1]);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`bot did not start: ${output()}`);
}

describe('the bot process', () => {
  test('When NODE_ENV=production and no MicrosoftAppId is set, then start-up refuses with a clear message', async () => {
    const p = run({ NODE_ENV: 'production', PORT: '0', STORE_PATH: tempStore() });
    expect(await p.exited).toBe(1);
    expect(p.output()).toMatch(/cannot start[\s\S]*MicrosoftAppId[\s\S]*production/);
  });

  test.each(['Production', 'PRODUCTION'])(
    'When NODE_ENV=%s and no tenant list is set, then start-up refuses naming ALLOWED_TENANT_IDS',
    async (nodeEnv) => {
      const p = run({
        NODE_ENV: nodeEnv,
        PORT: '0',
        STORE_PATH: tempStore(),
        MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
        MicrosoftAppPassword: 'secret',
      });
      expect(await p.exited).toBe(1);
      expect(p.output()).toMatch(/cannot start[\s\S]*ALLOWED_TENANT_IDS: required when NODE_ENV=production/);
      expect(p.output()).not.toMatch(/MicrosoftAppId: required/);
    },
  );

  test('When the store file is corrupt, then start-up refuses naming the file and leaves it byte-identical', async () => {
    const file = tempStore();
    writeFileSync(file, '{"schemaVersion": 1, "people": [ truncated');
    const before = readFileSync(file);
    const p = run({ PORT: '0', STORE_PATH: file });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain(file);
    expect(p.output()).toMatch(/not valid JSON/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test('When started without an app id, then it warns about anonymous mode, serves, and exits 0 on SIGTERM', async () => {
    const connector = new FakeConnector();
    await connector.start();
    const storePath = tempStore();
    await linkTestPeople(storePath);
    const p = run({ PORT: '0', STORE_PATH: storePath, BOT_NOW: '2023-09-05T09:00:00+01:00' });
    try {
      const port = await waitForPort(p.output);
      expect(p.output()).toMatch(/local anonymous mode/);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(buildMessage('help', { serviceUrl: connector.url, from: buildUser('Qaisar Abbas') })),
      });
      expect(res.status).toBe(200);
      expect(connector.activities).toHaveLength(1);
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    } finally {
      p.child.kill('SIGKILL');
      await connector.stop();
    }
  });
});
