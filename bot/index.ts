import { ConfigError, loadConfig } from './config';
import { createBot } from './createBot';
import { StoreLoadError } from './store/store';
import { StoreLockedError } from './store/lock';
import { SeedError } from './store/seed';

/** Entry point: read the environment, build the bot, listen, and stop cleanly on a signal. */
async function main(): Promise<void> {
  const config = loadConfig();
  const bot = await createBot(config);
  const port = await bot.listen(config.port);
  bot.logger.info('Committee Assistant is listening', {
    port,
    messages: `http://localhost:${port}/api/messages`,
    store: bot.store.file,
    clock: config.now ? `pinned at ${config.now.toISOString()}` : 'system',
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    bot.logger.info('stopping', { signal });
    bot.stop().then(
      () => process.exit(0),
      (err: Error) => {
        bot.logger.error('could not stop cleanly', { error: err.message });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof StoreLoadError || err instanceof StoreLockedError || err instanceof SeedError) {
    process.stderr.write(`Committee Assistant cannot start.\n${err.message}\n`);
  } else {
    process.stderr.write(`Committee Assistant cannot start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});
