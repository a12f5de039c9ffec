import http from 'node:http';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ServeMemory, ServeReady } from './serve';

/** Load generation: servers in child processes, turns over keep-alive HTTP, percentiles. */
export interface Server {
  port: number;
  /** The server's process id (for per-thread CPU from /proc). */
  pid: number;
  startMs: number;
  memory(): Promise<ServeMemory['memory']>;
  stop(): Promise<void>;
}

/** Starts bench/serve.js (or another build's) in its own process; BENCH_PRELOAD and BENCH_PROF add a probe or CPU profiles. */
export async function startServer(args: string[], script = path.join(__dirname, 'serve.js')): Promise<Server> {
  const preload = process.env.BENCH_PRELOAD ? ['--require', path.resolve(process.env.BENCH_PRELOAD)] : [];
  const profile = process.env.BENCH_PROF
    ? [
        '--cpu-prof',
        '--cpu-prof-dir=/tmp/prof',
        ...(process.env.BENCH_PROF_INTERVAL ? ['--cpu-prof-interval', process.env.BENCH_PROF_INTERVAL] : []),
      ]
    : [];
  const child: ChildProcess = fork(script, args, {
    execArgv: ['--expose-gc', ...preload, ...profile],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<ServeReady>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server ${args.join(' ')} exited with ${code}`)));
    child.on('message', (m: Partial<ServeReady>) => {
      if (m.ready) resolve(m as ServeReady);
    });
  });
  child.removeAllListeners('exit');
  return {
    port: ready.port,
    pid: child.pid ?? 0,
    startMs: ready.startMs,
    memory: () =>
      new Promise((resolve) => {
        const onMessage = (m: Partial<ServeMemory>) => {
          if (m.memory) {
            child.off('message', onMessage);
            resolve(m.memory);
          }
        };
        child.on('message', onMessage);
        child.send({ cmd: 'memory' });
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ cmd: 'stop' });
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs an activity to /api/messages; resolves with the status once the turn is over. */
export function postActivity(port: number, activity: unknown): Promise<number> {
  const body = JSON.stringify(activity);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/messages',
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface LatencyStats {
  turns: number;
  concurrency: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  turnsPerSecond: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * How much a ratio moves within one run: the ratio of two servers' p50s round by round (each
 * pair measured within a fraction of a second of each other), as quartiles.
 */
export function roundRatios(a: readonly number[], b: readonly number[]): { q1: number; median: number; q3: number } {
  const ratios = a.map((p, i) => p / b[i]!).sort((x, y) => x - y);
  const at = (q: number) => round(ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))]!);
  return { q1: at(0.25), median: at(0.5), q3: at(0.75) };
}

export function stats(latencies: number[], concurrency: number, wallMs: number): LatencyStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    turns: latencies.length,
    concurrency,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
    turnsPerSecond: round((latencies.length / wallMs) * 1000, 1),
  };
}

/**
 * Runs `turns` turns with `concurrency` in flight at once; `activity(i)` builds the i-th.
 * Every turn must answer 200 (else the run fails: a fast error is not a fast answer).
 */
export async function runTurns(
  port: number,
  turns: number,
  concurrency: number,
  activity: (i: number) => Record<string, unknown>,
): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < turns) {
      const i = next;
      next += 1;
      const body = activity(i);
      const t0 = performance.now();
      const status = await postActivity(port, body);
      latencies.push(performance.now() - t0);
      if (status !== 200) throw new Error(`turn ${i} answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, wallMs: performance.now() - started };
}
