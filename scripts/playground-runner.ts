import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT } from './app-package';
import { systemClock } from '../bot/clock';
import { describeImport, importPeople } from '../bot/features/people/peopleImport';
import { loadSeed } from '../bot/store/seed';

/**
 * Starts the bot (the built dist/bot/index.js, exactly what `npm start` runs) and the Microsoft
 * 365 Agents Playground pointed at it, on free ports, and stops both (their whole process groups)
 * on request. Used by `npm run playground` (scripts/playground.ts) and the browser test
 * (test/e2e/). Every wait is bounded.
 */
export const PLAYGROUND_CONFIG = path.join(ROOT, '.m365agentsplayground.yml');
export const BOT_ENTRY = path.join(ROOT, 'dist', 'bot', 'index.js');
/** A day in the seed's committee year: "next meeting" is Tuesday 12 September 2023, 7.00 pm. */
export const DEMO_NOW = '2023-09-05T09:00:00+01:00';

export interface PlaygroundOptions {
  /** The bot's JSON store (created from the seed when absent). */
  storePath: string;
  /** Pinned clock for the bot (BOT_NOW); null runs on real time. */
  now: string | null;
  /** 0 (default) picks a free port. */
  botPort?: number;
  /** 0 (default) picks a free port. */
  playgroundPort?: number;
  /** The playground's users, chats and team (default .m365agentsplayground.yml). */
  configPath?: string;
  /** Where the playground's own log file goes; with `logTo: 'files'` also bot.log and playground.log. */
  logDir: string;
  /** 'inherit': prefixed lines on this terminal; 'files': only into logDir. */
  logTo: 'inherit' | 'files';
  logLevel?: string;
  /** Base environment (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Bound on each start-up wait. */
  timeoutMs?: number;
}

export interface RunningPlayground {
  botUrl: string;
  playgroundUrl: string;
  /** Settles when either process ends by itself (with a reason), so callers can stop the other. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/** The bot's settings that make no sense against a local playground: it runs anonymously. */
const NOT_PASSED_TO_BOT = [
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'ALLOWED_TENANT_IDS',
  'BOT_DOMAIN',
  'NODE_ENV',
];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The playground's command line script, as its package declares it. */
function playgroundCli(): string {
  const pkgFile = require.resolve('@microsoft/m365agentsplayground/package.json', { paths: [ROOT] });
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { bin: Record<string, string> };
  return path.join(path.dirname(pkgFile), pkg.bin.agentsplayground!);
}

interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<string>;
  lines: (listener: (line: string) => void) => void;
}

function start(name: string, args: string[], env: NodeJS.ProcessEnv, options: PlaygroundOptions, log: WriteStream | null): Child {
  // detached: its own process group, so stop() ends it and anything it started.
  const child = spawn(process.execPath, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const listeners: ((line: string) => void)[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        log?.write(`${line}\n`);
        if (options.logTo === 'inherit') process.stdout.write(`[${name}] ${line}\n`);
        for (const l of listeners) l(line);
      }
    });
  }
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(`${name} exited (${signal ?? `code ${code}`})`));
    child.once('error', (err) => resolve(`${name} could not start: ${err.message}`));
  });
  return { name, process: child, exited, lines: (l) => listeners.push(l) };
}

async function stopChild(child: Child, graceMs = 5000): Promise<void> {
  const pid = child.process.pid;
  if (pid === undefined) return;
  // Signal the group even when the leader has gone: anything it started goes too.
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
  if ((await Promise.race([child.exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await Promise.race([child.exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  }
}

/** Resolves once `check` returns true, or rejects after `timeoutMs` or as soon as `exited` settles. */
async function until(what: string, check: () => Promise<boolean>, exited: Promise<string>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // A field, not a local: the compiler cannot see the callback set it, and would narrow it to null.
  const ended: { reason: string | null } = { reason: null };
  void exited.then((reason) => (ended.reason = reason));
  while (Date.now() < deadline) {
    if (ended.reason) throw new Error(`${ended.reason} while waiting for ${what}`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

const answers = (url: string) => async () => (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;

export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const baseEnv = options.env ?? process.env;
  mkdirSync(options.logDir, { recursive: true });
  const fileLog = (file: string) => (options.logTo === 'files' ? createWriteStream(path.join(options.logDir, file), { flags: 'a' }) : null);
  const children: Child[] = [];
  const stop = async () => {
    await Promise.all(children.map((c) => stopChild(c)));
  };
  // If this process dies first, take the children with it.
  const onExit = () => {
    for (const c of children) {
      try {
        if (c.process.pid !== undefined) process.kill(-c.process.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', onExit);

  try {
    // The bot recognises the playground's users by their object ids, linked the way an
    // administrator links people (people:import), never by their display names.
    await linkPlaygroundUsers(options.storePath, options.configPath ?? PLAYGROUND_CONFIG);
    const botPort = options.botPort || (await freePort());
    const botEnv: NodeJS.ProcessEnv = {
      ...baseEnv,
      PORT: String(botPort),
      STORE_PATH: options.storePath,
      BOT_NOW: options.now ?? '',
      LOG_LEVEL: options.logLevel ?? baseEnv.LOG_LEVEL ?? 'info',
    };
    for (const key of NOT_PASSED_TO_BOT) delete botEnv[key];
    // --no-deprecation: restify's use of process.binding warns on every start; nothing to act on here.
    const bot = start('bot', ['--no-deprecation', BOT_ENTRY], botEnv, options, fileLog('bot.log'));
    children.push(bot);
    const botUrl = `http://127.0.0.1:${botPort}`;
    await until(`the bot at ${botUrl}/health`, answers(`${botUrl}/health`), bot.exited, timeoutMs);

    const wanted = options.playgroundPort || (await freePort());
    const playgroundEnv: NodeJS.ProcessEnv = {
      ...baseEnv,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configPath ?? PLAYGROUND_CONFIG,
      M365_AGENTS_PLAYGROUND_LOGFILE: path.join(options.logDir, 'm365agentsplayground.log'),
    };
    const args = [
      playgroundCli(),
      '--app-endpoint',
      `${botUrl}/api/messages`,
      '--channel-id',
      'msteams',
      '--port',
      String(wanted),
      '--disable-telemetry',
    ];
    const playground = start('playground', args, playgroundEnv, options, fileLog('playground.log'));
    children.push(playground);
    // It moves to another port when the one asked for is taken; it says which.
    let port: number | null = null;
    playground.lines((line) => {
      const m = /^Listening on (\d+)/.exec(line);
      if (m) port = Number(m[1]);
    });
    await until('the playground to listen', () => Promise.resolve(port !== null), playground.exited, timeoutMs);
    const playgroundUrl = `http://127.0.0.1:${port}`;
    await until(`the playground at ${playgroundUrl}`, answers(`${playgroundUrl}/_internal/v1/config`), playground.exited, timeoutMs);

    return {
      botUrl,
      playgroundUrl,
      exited: Promise.race(children.map((c) => c.exited)),
      stop: async () => {
        await stop();
        process.removeListener('exit', onExit);
      },
    };
  } catch (err) {
    await stop();
    process.removeListener('exit', onExit);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Switching user: the playground has one current user per run, so a run "as" someone else uses
// a copy of the config with that person swapped into currentUser (and their own personal chat).

interface PlaygroundUser {
  id: string;
  name: string;
  [key: string]: unknown;
}
interface PlaygroundConfig {
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  [key: string]: unknown;
}

export function playgroundUsers(configPath = PLAYGROUND_CONFIG): string[] {
  const config = parse(readFileSync(configPath, 'utf8')) as PlaygroundConfig;
  return [config.currentUser, ...config.users].map((u) => u.name);
}

/**
 * Records each playground user's object id on the person of that name in the store (created
 * from the seed when absent), through people:import's own code. Throws with its report when a
 * user cannot be linked (e.g. the store links that person to another account).
 */
export async function linkPlaygroundUsers(storePath: string, configPath = PLAYGROUND_CONFIG): Promise<void> {
  const config = parse(readFileSync(configPath, 'utf8')) as PlaygroundConfig;
  const rows = [config.currentUser, ...config.users].map((u, i) => ({
    line: i + 2,
    name: u.name,
    email: null,
    aadObjectId: typeof u.aadObjectId === 'string' ? u.aadObjectId : null,
  }));
  const report = await importPeople(storePath, rows, { seed: () => loadSeed(), clock: systemClock });
  if (report.kind === 'refused') throw new Error(`The playground's users cannot be linked in ${storePath}:\n${describeImport(report)}`);
}

/** Writes a config whose current user is `name` (case-insensitive) into `dir`; returns its path. */
export function configAs(name: string, dir: string, configPath = PLAYGROUND_CONFIG): string {
  const config = parse(readFileSync(configPath, 'utf8')) as PlaygroundConfig;
  const everyone = [config.currentUser, ...config.users];
  const chosen = everyone.find((u) => u.name.toLowerCase() === name.trim().toLowerCase());
  if (!chosen) throw new Error(`"${name}" is not a playground user; choose one of: ${everyone.map((u) => u.name).join(', ')}`);
  config.users = everyone.filter((u) => u !== chosen);
  config.currentUser = chosen;
  config.personalChat = { id: `a:personal-${chosen.id.replace(/^\d+:/, '')}` };
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `playground-as-${chosen.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.yml`);
  writeFileSync(file, `# Generated from .m365agentsplayground.yml by npm run playground; do not edit.\n${stringify(config)}`);
  return file;
}
