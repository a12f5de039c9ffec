import { FixedClock } from '../bot/clock';
import { loadConfig } from '../bot/config';
import { createBot } from '../bot/createBot';
import { createLogger } from '../bot/logger';
import { createEchoBot } from './echoBot';

/**
 * A server under test, in its own process so that it has its own event loop (as in production)
 * and the load generator does not share it. Started by bench/run with an IPC channel:
 *   node dist/bench/serve.js echo
 *   node dist/bench/serve.js durable-echo <storePath> <BOT_NOW>   (a copy of the store, which it rewrites)
 *   node dist/bench/serve.js bot <storePath> <BOT_NOW>
 * It sends {ready, port, startMs}; answers {cmd:'memory'} with its memory after a full GC;
 * stops on {cmd:'stop'}.
 */
export interface ServeReady {
  ready: true;
  port: number;
  /** From process start to listening (module loading, store load, build). */
  startMs: number;
}

export interface ServeMemory {
  memory: { rssMB: number; heapUsedMB: number; externalMB: number };
}

async function main(): Promise<void> {
  const [kind, storePath, now] = process.argv.slice(2);
  let stop: () => Promise<void>;
  let port: number;
  if (kind === 'echo' || (kind === 'durable-echo' && storePath)) {
    const echo = createEchoBot(kind === 'durable-echo' ? { durableDocument: storePath, now } : {});
    port = await echo.listen(0);
    stop = () => echo.stop();
  } else if (kind === 'bot' && storePath && now) {
    const config = loadConfig({ PORT: '0', STORE_PATH: storePath, LOG_LEVEL: 'error' });
    const bot = await createBot(config, { clock: new FixedClock(new Date(now)), logger: createLogger('error'), typingIndicator: false });
    port = await bot.listen(0);
    stop = () => bot.stop();
  } else {
    throw new Error('usage: serve.js echo | serve.js durable-echo <storePath> [BOT_NOW] | serve.js bot <storePath> <BOT_NOW>');
  }
  const ready: ServeReady = { ready: true, port, startMs: Math.round(performance.now()) };
  process.send?.(ready);
  // A bench run that ends (or fails) without stopping its servers takes them with it.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: { cmd?: string }) => {
    if (message.cmd === 'memory') {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      const m = process.memoryUsage();
      const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
      const reply: ServeMemory = { memory: { rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), externalMB: mb(m.external) } };
      process.send?.(reply);
    } else if (message.cmd === 'stop') {
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    }
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench server failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
