import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BenchConnector } from './connector';
import { generateStore } from './generateStore';
import { percentile, roundRatios, runTurns, startServer, type Server } from './load';
import { BENCH_NOW, removeTempStores, seedStore, tempStorePath, TURNS, writeStore } from './scenarios';

/**
 * A quick look at one turn kind, for working on a ratio (about a minute; `npm run bench` is the
 * record). The echo floor and the bot take turns in short rounds in one run, because this
 * machine's speed drifts within seconds and only paired rounds compare fairly:
 *
 *   node --expose-gc dist/bench/compare.js "apology submit" [--concurrency 1] [--rounds 20] [--turns 25] [--ram] [--ten-year]
 *     [--and-ten-year] [--durable-echo] [--base <checkout>]
 *
 * Prints each server's p50 and p95, the ratio to the echo (pooled, and round by round as
 * quartiles) and each server's CPU per turn by thread (Linux: /proc), which shows whether a
 * difference is work on the main thread, work elsewhere, or waiting. `--ram` adds the bot with
 * its store on a RAM disk (/dev/shm): the difference from the disk is what waiting for it costs.
 * `--ten-year` uses the generated ten-year store instead of the seed (a few seconds to build);
 * `--and-ten-year` adds the bot on it as another server, as `npm run bench` has it.
 * `--durable-echo` adds the echo that appends each activity to an O_DSYNC file before answering.
 * `--base <checkout>` adds the bot as built in another checkout (e.g. `git worktree add
 * /tmp/base main && cd /tmp/base && ln -s $PWD/node_modules . && npx tsc`), to compare a change
 * with what it changes. BENCH_PRELOAD=<file.js> loads a probe into every server (`--require`).
 */
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const kindName = argv[0] ?? '';
const kind = TURNS.find((k) => k.name === kindName);
const CONCURRENCY = option('concurrency', 1);
const ROUNDS = option('rounds', 20);
const PER_ROUND = option('turns', 25);

/** CPU time (ms) used so far by a process: its main thread (the event loop) and all others together. */
function threadCpu(pid: number): Map<string, number> {
  const found = new Map<string, number>();
  const dir = `/proc/${pid}/task`;
  if (!existsSync(dir)) return found;
  for (const tid of readdirSync(dir)) {
    try {
      const stat = readFileSync(`${dir}/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const thread = Number(tid) === pid ? 'main thread' : 'other threads (GC, compiler, libuv pool)';
      found.set(thread, (found.get(thread) ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10); // utime + stime, 10 ms ticks
    } catch {
      // the thread ended
    }
  }
  return found;
}

process.on('exit', removeTempStores);

async function main(): Promise<void> {
  if (!kind) throw new Error(`usage: compare.js "<turn>" [--concurrency N] [--rounds N] [--turns N] [--ram] [--ten-year] [--and-ten-year] [--durable-echo] [--base <checkout>]; turns: ${TURNS.map((k) => k.name).join(', ')}`);
  const connector = new BenchConnector();
  await connector.start();
  const seedPath = tempStorePath('compare');
  writeStore(seedPath, argv.includes('--ten-year') ? generateStore(new Date(BENCH_NOW)).data : seedStore());
  const servers: { label: string; server: Server }[] = [
    { label: 'echo', server: await startServer(['echo']) },
    { label: 'bot', server: await startServer(['bot', seedPath, BENCH_NOW]) },
  ];
  if (argv.includes('--ram') && existsSync('/dev/shm')) {
    const ramPath = tempStorePath('compare', '/dev/shm');
    copyFileSync(seedPath, ramPath);
    servers.push({ label: 'bot (RAM disk)', server: await startServer(['bot', ramPath, BENCH_NOW]) });
  }
  if (argv.includes('--durable-echo')) {
    // The echo that appends each activity to an O_DSYNC file before answering: the floor for a write.
    servers.push({ label: 'durable echo', server: await startServer(['durable-echo', tempStorePath('durable-echo')]) });
  }
  if (argv.includes('--and-ten-year')) {
    // The bot on the ten-year store as a third server in the rounds, as `npm run bench` has it.
    const tenYearPath = tempStorePath('compare-ten-year');
    writeStore(tenYearPath, generateStore(new Date(BENCH_NOW)).data);
    servers.push({ label: 'ten-year', server: await startServer(['bot', tenYearPath, BENCH_NOW]) });
  }
  const baseAt = argv.indexOf('--base');
  if (baseAt >= 0) {
    // Another build of the bot (a worktree of main, say), in the same rounds: before and after.
    const basePath = tempStorePath('base');
    copyFileSync(seedPath, basePath);
    const serve = path.join(path.resolve(argv[baseAt + 1] ?? ''), 'dist', 'bench', 'serve.js');
    servers.push({ label: 'base build', server: await startServer(['bot', basePath, BENCH_NOW], serve) });
  }
  let offset = 0;
  const run = async (server: Server, turns: number) => {
    connector.reset();
    const result = await runTurns(server.port, turns, CONCURRENCY, (i) => kind.activity(connector.url, offset + i));
    offset += turns;
    return result.latencies;
  };
  for (const { server } of servers) await run(server, 300); // warm-up
  const before = new Map(servers.map(({ label, server }) => [label, threadCpu(server.pid)]));
  const all = new Map<string, number[]>(servers.map(({ label }) => [label, []]));
  const rounds = new Map<string, number[]>(servers.map(({ label }) => [label, []]));
  for (let r = 0; r < ROUNDS; r += 1) {
    // Each round starts with the next server, so each follows every other equally often.
    for (const { label, server } of servers.map((_, i) => servers[(i + r) % servers.length]!)) {
      const latencies = await run(server, PER_ROUND);
      all.get(label)!.push(...latencies);
      rounds.get(label)!.push(percentile([...latencies].sort((a, b) => a - b), 50));
    }
  }
  const turns = ROUNDS * PER_ROUND;
  const p = (label: string, q: number) => percentile([...all.get(label)!].sort((a, b) => a - b), q);
  process.stdout.write(`${kind.name}, concurrency ${CONCURRENCY}, ${ROUNDS} rounds of ${PER_ROUND} turns\n`);
  for (const { label, server } of servers) {
    const ratio = p(label, 50) / p('echo', 50);
    const { q1, median, q3 } = roundRatios(rounds.get(label)!, rounds.get('echo')!);
    const quartiles = `${q1} / ${median} / ${q3}`;
    const after = threadCpu(server.pid);
    const cpu = [...after]
      .map(([thread, ms]) => [thread, (ms - (before.get(label)!.get(thread) ?? 0)) / turns] as const)
      .filter(([, ms]) => ms > 0.005)
      .sort((a, b) => b[1] - a[1])
      .map(([thread, ms]) => `${thread} ${ms.toFixed(2)}`)
      .join(', ');
    process.stdout.write(
      `  ${label.padEnd(15)} p50 ${p(label, 50).toFixed(2)} ms  p95 ${p(label, 95).toFixed(2)} ms` +
        (label === 'echo' ? '' : `  ours/echo ${ratio.toFixed(2)} (round by round ${quartiles})`) +
        `\n    CPU per turn by thread (ms): ${cpu || 'not available'}\n`,
    );
  }
  for (const { server } of servers) await server.stop();
  await connector.stop();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  },
);
