import { spawn, fork } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchConnector } from './connector';
import { COMMITTEE_DECADE, COUNCIL_WINDOW, generateStore } from './generateStore';
import { percentile, roundRatios, runTurns, startServer, stats, type LatencyStats, type Server } from './load';
import {
  BENCH_NOW,
  ECHO_EXPECT,
  QUESTIONS,
  APOLOGY,
  removeTempStores,
  seedStore,
  syncFile,
  tempStorePath,
  writeStore,
  type TurnKind,
} from './scenarios';

/**
 * `npm run bench`: the targets of bench/README.md, on three stores (the seed, a committee's
 * decade, a council's sync window), each server in its own process, every reply checked.
 * Prints tables and writes bench/results.json.
 * Options: --turns N (turns per question measurement, default 3000), --write-turns N (turns per
 * apology measurement, default 400), --warmup N (default 50), --rounds N (default 50: each
 * question measurement is split into rounds that alternate between the servers, so the machine's
 * drift falls on all of them alike; writes take 20), --settle S (seconds of questions that bring
 * each server to its steady state before it is measured, default 20).
 */
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const TURN_COUNT = option('turns', 3000);
const WRITE_TURNS = option('write-turns', 400);
const WARMUP = option('warmup', 50);
const ROUNDS = option('rounds', 50);
const WRITE_ROUNDS = 20;
const CONCURRENCIES = [1, 8];
const BURST = 50;
const BURSTS = 5;
/** Questions asked one at a time before each burst: the idle p95 is taken over all of them. */
const IDLE_PER_BURST = 100;
const COLD_STARTS = 5;
const SETTLE_SECONDS = option('settle', 20);
const ROOT = path.join(__dirname, '..', '..');
const ENTRY = path.join(ROOT, 'dist', 'bot', 'index.js');

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (line: string) => process.stderr.write(`${line}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface StoreUnderTest {
  label: string;
  file: string;
  bytes: number;
  counts: Record<string, number>;
}

interface Labelled {
  label: string;
  server: Server;
  /** Echo servers answer "Echo: ..." whatever they are sent. */
  echo: boolean;
}

interface Measured extends LatencyStats {
  server: string;
  turn: string;
  roundP50s: number[];
  /** The store of the bot the measurement was taken beside (the echo is measured beside each). */
  store?: string;
}

const tagged = (results: Measured[], store: string): Measured[] => results.map((r) => ({ ...r, store }));

/** Runs turns and checks that every one was answered, and answered correctly. */
async function runChecked(target: Labelled, connector: BenchConnector, kind: TurnKind, turns: number, concurrency: number, offset: number) {
  connector.reset();
  const ids: string[] = [];
  const run = await runTurns(target.server.port, turns, concurrency, (i) => {
    const activity = kind.activity(connector.url, offset + i);
    ids.push(activity.id as string);
    return activity;
  });
  const expected = target.echo ? ECHO_EXPECT : kind.expect;
  const wrong = ids.filter((id) => !expected.test(connector.replies.get(id) ?? ''));
  if (wrong.length > 0) {
    throw new Error(
      `${target.label} "${kind.name}": ${wrong.length} of ${ids.length} turns had no reply matching ${expected}; e.g. ${(connector.replies.get(wrong[0]!) ?? '(none)').slice(0, 400)}`,
    );
  }
  return run;
}

/**
 * One turn kind on several servers, interleaved: the measurement is split into rounds and the
 * servers take turns round by round, each round starting with the next server.
 */
async function measure(
  servers: Labelled[],
  connector: BenchConnector,
  kind: TurnKind,
  concurrency: number,
  offset: { n: number },
  size: { turns: number; rounds: number } = { turns: TURN_COUNT, rounds: ROUNDS },
): Promise<Measured[]> {
  for (const s of servers) {
    await runChecked(s, connector, kind, WARMUP, concurrency, offset.n);
    offset.n += WARMUP;
  }
  // The load generator's own garbage (the stores it generated, earlier replies) is collected
  // now rather than in the middle of a measurement.
  global.gc?.();
  const collected = new Map(servers.map((s) => [s.label, { latencies: [] as number[], wallMs: 0, roundP50s: [] as number[] }]));
  const rounds = Math.max(1, Math.min(size.rounds, Math.floor(size.turns / 10)));
  for (let r = 0; r < rounds; r += 1) {
    const turns = Math.floor(size.turns / rounds) + (r < size.turns % rounds ? 1 : 0);
    for (let i = 0; i < servers.length; i += 1) {
      const s = servers[(i + r) % servers.length]!;
      const run = await runChecked(s, connector, kind, turns, concurrency, offset.n);
      offset.n += turns;
      const c = collected.get(s.label)!;
      c.latencies.push(...run.latencies);
      c.wallMs += run.wallMs;
      c.roundP50s.push(
        round(
          percentile(
            [...run.latencies].sort((x, y) => x - y),
            50,
          ),
        ),
      );
    }
  }
  return servers.map((s) => {
    const c = collected.get(s.label)!;
    const result = { server: s.label, turn: kind.name, ...stats(c.latencies, concurrency, c.wallMs), roundP50s: c.roundP50s };
    log(
      `  ${s.label.padEnd(28)} ${kind.name.padEnd(15)} c=${concurrency}  p50 ${result.p50} ms  p95 ${result.p95} ms  ${result.turnsPerSecond} turns/s`,
    );
    return result;
  });
}

/**
 * Questions while apologies are written: idle stretches of questions one at a time, each
 * followed by a burst of 50 apology submits sent at once, with questions one at a time for as
 * long as the burst lasts. Returns the question latencies of each kind of stretch.
 */
async function burst(bot: Labelled, connector: BenchConnector, offset: { n: number }) {
  const idle: number[] = [];
  const during: number[] = [];
  connector.reset();
  const ask = async (into: number[]) => {
    const kind = QUESTIONS[offset.n % QUESTIONS.length]!;
    const activity = kind.activity(connector.url, offset.n);
    offset.n += 1;
    const t0 = performance.now();
    const run = await runTurns(bot.server.port, 1, 1, () => activity);
    into.push(performance.now() - t0);
    if (!(bot.echo ? ECHO_EXPECT : kind.expect).test(connector.replies.get(activity.id as string) ?? ''))
      throw new Error(`${bot.label}: "${kind.name}" was not answered correctly during the burst test`);
    return run;
  };
  for (let b = 0; b < BURSTS; b += 1) {
    for (let i = 0; i < IDLE_PER_BURST; i += 1) await ask(idle);
    const ids: string[] = [];
    let writing = true;
    const writes = Promise.all(
      Array.from({ length: BURST }, () => {
        const activity = APOLOGY.activity(connector.url, offset.n);
        offset.n += 1;
        ids.push(activity.id as string);
        return runTurns(bot.server.port, 1, 1, () => activity);
      }),
    ).finally(() => (writing = false));
    while (writing) await ask(during);
    await writes;
    const wrong = ids.filter((id) => !(bot.echo ? ECHO_EXPECT : APOLOGY.expect).test(connector.replies.get(id) ?? ''));
    if (wrong.length > 0) throw new Error(`${bot.label}: ${wrong.length} of the burst's apologies were not confirmed`);
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  return {
    idleP95: round(percentile(sorted(idle), 95)),
    duringP95: round(percentile(sorted(during), 95)),
    idleTurns: idle.length,
    duringTurns: during.length,
  };
}

/**
 * Brings a server to its steady state before it is measured: questions of every kind at
 * concurrency 8 for SETTLE_SECONDS, every reply checked, then a full garbage collection. A bot
 * just started on a large store spends its first seconds moving the store it loaded into the
 * old generation and compiling its code (on the council window, p50 1.9 ms in the first four
 * seconds, 1.1 ms after twenty); that is start-up, which the cold start measures.
 */
async function settle(target: Labelled, connector: BenchConnector): Promise<void> {
  const until = performance.now() + SETTLE_SECONDS * 1000;
  for (let i = 0; performance.now() < until; i += 1) await runChecked(target, connector, QUESTIONS[i % QUESTIONS.length]!, 40, 8, 0);
  await target.server.memory();
}

/** From spawning the process to GET /health answering 200. */
async function coldStart(storePath?: string): Promise<number> {
  const started = performance.now();
  const child = storePath
    ? spawn(process.execPath, [ENTRY], {
        env: { PATH: process.env.PATH ?? '', PORT: '0', STORE_PATH: storePath, BOT_NOW: BENCH_NOW, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      })
    : fork(path.join(__dirname, 'serve.js'), ['echo'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  let port = 0;
  child.on('message', (m: { port?: number }) => (port = m.port ?? port));
  for (;;) {
    port ||= Number(/"port":(\d+)/.exec(out)?.[1] ?? 0);
    if (child.exitCode !== null) throw new Error(`did not start: ${out}`);
    if (port) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) break;
      } catch {
        // not yet
      }
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = performance.now() - started;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return Math.round(ms);
}

function table(headers: string[], rows: (string | number)[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => `| ${cells.map((c, i) => String(c).padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

process.on('exit', removeTempStores);

async function main(): Promise<void> {
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((n) => round(n)),
  };
  log(
    `Committee Assistant benchmarks: ${machine.cores} × ${machine.cpu}, ${machine.memoryGB} GB, Node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')}`,
  );
  const connector = new BenchConnector();
  await connector.start();

  // The stores (generated one at a time: only their files and counts are kept).
  const stores: StoreUnderTest[] = [];
  {
    const file = tempStorePath('seed');
    stores.push({ label: 'seed', file, bytes: writeStore(file, seedStore()), counts: {} });
  }
  for (const [label, counts] of [
    ['committee decade', COMMITTEE_DECADE],
    ['council window', COUNCIL_WINDOW],
  ] as const) {
    const t0 = performance.now();
    const generated = generateStore(new Date(BENCH_NOW), counts);
    const file = tempStorePath(label.replace(' ', '-'));
    const bytes = writeStore(file, generated.data);
    log(
      `${label}: ${round(bytes / 1024 ** 2, 1)} MB, generated in ${Math.round(performance.now() - t0)} ms: ${JSON.stringify(generated.counts)}`,
    );
    stores.push({ label, file, bytes, counts: generated.counts });
  }
  // Pristine copies for the cold starts (the bots below change theirs).
  const pristine = new Map(
    stores.map((s) => {
      const copy = tempStorePath(`${s.label.replace(' ', '-')}-pristine`);
      copyFileSync(s.file, copy);
      syncFile(copy);
      return [s.label, copy];
    }),
  );

  const offset = { n: 0 };
  // One store at a time: only the echo and the bot under test are running, so the other bots'
  // garbage collection (hundreds of megabytes on the large stores) never lands in a measurement.
  const echo: Labelled = { label: 'echo', server: await startServer(['echo']), echo: true };
  await settle(echo, connector);
  const bots: Labelled[] = [];
  const questionResults: Measured[] = [];
  const writeResults: Measured[] = [];
  /** The same burst test on the durable echo: how much of the pause is the stack's and the disk's (information, not a target). */
  const floorBursts: Record<string, Awaited<ReturnType<typeof burst>>> = {};
  const bursts: Record<string, Awaited<ReturnType<typeof burst>>> = {};
  const memory: Record<string, { rssMB: number; heapUsedMB: number; externalMB: number }> = {};
  for (const s of stores) {
    const bot: Labelled = { label: `bot, ${s.label}`, server: await startServer(['bot', s.file, BENCH_NOW]), echo: false };
    bots.push(bot);
    log(`${bot.label}: questions against the echo, interleaved`);
    await settle(bot, connector);
    for (const kind of QUESTIONS) {
      for (const c of CONCURRENCIES) questionResults.push(...tagged(await measure([echo, bot], connector, kind, c, offset), s.label));
    }

    log(`${bot.label}: apology writes, one at a time, against the durable echo on a copy of the store, interleaved`);
    const copy = tempStorePath(`${s.label.replace(' ', '-')}-durable-echo`);
    copyFileSync(pristine.get(s.label)!, copy);
    const floor: Labelled = { label: `durable echo, ${s.label}`, server: await startServer(['durable-echo', copy, BENCH_NOW]), echo: true };
    await settle(floor, connector);
    writeResults.push(...(await measure([bot, floor], connector, APOLOGY, 1, offset, { turns: WRITE_TURNS, rounds: WRITE_ROUNDS })));
    floorBursts[s.label] = await burst(floor, connector, offset);
    log(`  ${floor.label}, burst: ${JSON.stringify(floorBursts[s.label])}`);
    await floor.server.stop();

    log(`${bot.label}: questions during bursts of 50 apologies`);
    bursts[bot.label] = await burst(bot, connector, offset);
    log(`  ${bot.label}: ${JSON.stringify(bursts[bot.label])}`);
    memory[bot.label] = await bot.server.memory();
    await bot.server.stop();
  }
  memory[echo.label] = await echo.server.memory();
  await echo.server.stop();

  log(`Cold start to /health 200 (median of ${COLD_STARTS}, the servers taking turns)`);
  const starts = new Map<string, number[]>([['echo', []], ...stores.map((s) => [`bot, ${s.label}`, []] as [string, number[]])]);
  for (let r = 0; r < COLD_STARTS; r += 1) {
    starts.get('echo')!.push(await coldStart());
    for (const s of stores) starts.get(`bot, ${s.label}`)!.push(await coldStart(pristine.get(s.label)));
  }
  const cold: Record<string, number> = Object.fromEntries([...starts].map(([label, ms]) => [label, median(ms)]));
  log(`  ${JSON.stringify(cold)}`);
  await connector.stop();

  // Targets.
  const targets: { what: string; value: number; target: string; met: boolean; rounds?: { q1: number; median: number; q3: number } }[] = [];
  const find = (list: Measured[], server: string, turn: string, c: number, store?: string) =>
    list.find((r) => r.server === server && r.turn === turn && r.concurrency === c && (store === undefined || r.store === store))!;
  const questionRows: (string | number)[][] = [];
  for (const kind of QUESTIONS) {
    for (const c of CONCURRENCIES) {
      const row: (string | number)[] = [kind.name, c];
      for (const [i, bot] of bots.entries()) {
        const store = stores[i]!.label;
        const e = find(questionResults, 'echo', kind.name, c, store);
        const b = find(questionResults, bot.label, kind.name, c, store);
        const ratio = round(b.p50 / e.p50);
        targets.push({
          what: `${kind.name} c=${c}, ${bot.label}: p50 / echo p50`,
          value: ratio,
          target: '≤ 1.5',
          met: ratio <= 1.5,
          rounds: roundRatios(b.roundP50s, e.roundP50s),
        });
        row.push(`${e.p50} / ${b.p50} / ${b.p95} (×${ratio})`);
      }
      questionRows.push(row);
    }
  }
  const writeRows: (string | number)[][] = [];
  for (const s of stores) {
    const b = find(writeResults, `bot, ${s.label}`, APOLOGY.name, 1);
    const f = find(writeResults, `durable echo, ${s.label}`, APOLOGY.name, 1);
    const ratio = round(b.p50 / f.p50);
    targets.push({
      what: `apology c=1, ${s.label}: p50 / durable echo p50`,
      value: ratio,
      target: '≤ 1.3',
      met: ratio <= 1.3,
      rounds: roundRatios(b.roundP50s, f.roundP50s),
    });
    if (s.label !== 'seed') targets.push({ what: `apology c=1, ${s.label}: p95 (ms)`, value: b.p95, target: '≤ 50', met: b.p95 <= 50 });
    writeRows.push([s.label, `${round(s.bytes / 1024 ** 2, 2)} MB`, f.p50, f.p95, b.p50, b.p95, b.p99, `×${ratio}`]);
  }
  for (const bot of bots) {
    const b = bursts[bot.label]!;
    const ratio = round(b.duringP95 / b.idleP95);
    targets.push({
      what: `questions during a burst of ${BURST} apologies, ${bot.label}: p95 / idle p95`,
      value: ratio,
      target: '≤ 3',
      met: ratio <= 3,
    });
  }
  for (const s of stores) {
    const ms = cold[`bot, ${s.label}`]!;
    targets.push({ what: `cold start to /health 200, ${s.label} (ms)`, value: ms, target: '≤ 2000', met: ms <= 2000 });
  }

  const out = [
    `Machine: ${machine.cores} × ${machine.cpu}, ${machine.memoryGB} GB, ${machine.os}, Node ${machine.node}; load average ${machine.loadAverageAtStart.join(' ')} at start, ${os
      .loadavg()
      .map((n) => round(n))
      .join(' ')} at end`,
    '',
    `Stores: ${stores.map((s) => `${s.label} ${round(s.bytes / 1024 ** 2, 2)} MB`).join('; ')}`,
    '',
    `Questions (ms: echo p50 / bot p50 / bot p95, ×echo p50), ${TURN_COUNT} turns each after ${WARMUP} warm-up, the echo and one bot interleaved in ${ROUNDS} rounds`,
    table(['question', 'c', ...bots.map((b) => b.label)], questionRows),
    '',
    `Apology submit, one at a time (ms), against the durable echo writing the same document the same way; ${WRITE_TURNS} turns each in ${WRITE_ROUNDS} rounds`,
    table(['store', 'file', 'durable echo p50', 'p95', 'bot p50', 'p95', 'p99', 'bot / durable echo p50'], writeRows),
    '',
    `Questions one at a time, idle and during bursts of ${BURST} apologies (${BURSTS} bursts)`,
    table(
      ['store', 'bot idle p95', 'bot during p95', 'durable echo idle p95', 'durable echo during p95'],
      stores.map((s) => [
        s.label,
        bursts[`bot, ${s.label}`]!.idleP95,
        bursts[`bot, ${s.label}`]!.duringP95,
        floorBursts[s.label]!.idleP95,
        floorBursts[s.label]!.duringP95,
      ]),
    ),
    '',
    'Memory after the run, after a full GC (MB)',
    table(
      ['server', 'rss', 'heap used', 'external'],
      Object.entries(memory).map(([k, m]) => [k, m.rssMB, m.heapUsedMB, m.externalMB]),
    ),
    '',
    `Cold start to /health 200 (ms, median of ${COLD_STARTS})`,
    table(
      ['server', 'ms'],
      Object.entries(cold).map(([k, v]) => [k, v]),
    ),
    '',
    table(
      ['target', 'value', 'wanted', 'met', 'ratio round by round: quartiles'],
      targets.map((t) => [
        t.what,
        t.value,
        t.target,
        t.met ? 'yes' : 'NO',
        t.rounds ? `${t.rounds.q1} / ${t.rounds.median} / ${t.rounds.q3}` : '',
      ]),
    ),
  ].join('\n');
  process.stdout.write(`\n${out}\n`);

  const results = {
    generatedAt: new Date().toISOString(),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((n) => round(n)) },
    settings: {
      turns: TURN_COUNT,
      writeTurns: WRITE_TURNS,
      warmup: WARMUP,
      rounds: ROUNDS,
      writeRounds: WRITE_ROUNDS,
      concurrencies: CONCURRENCIES,
      burst: BURST,
      idlePerBurst: IDLE_PER_BURST,
      bursts: BURSTS,
      botNow: BENCH_NOW,
    },
    stores: stores.map((s) => ({ label: s.label, bytes: s.bytes, counts: s.counts })),
    questions: questionResults,
    apologyWrites: writeResults,
    bursts,
    durableEchoBursts: floorBursts,
    memory,
    coldStartMs: cold,
    targets,
  };
  writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write('\nWritten to bench/results.json\n');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
