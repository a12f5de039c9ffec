import type { AddressInfo } from 'node:net';
import type restify from 'restify';
import { FixedClock, systemClock, type Clock } from './clock';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { createHttpServer } from './server';
import { loadSeed } from './store/seed';
import { Store } from './store/store';
import { createRepositories } from './store/repositories';
import { createTeamsBot } from './teams/app';
import { meetingCalendar } from './capabilities/calendar';
import { ReminderScheduler } from './reminderScheduler';

/**
 * The composition root: store → Teams app → HTTP server. Building is separate from listening so
 * tests build exactly this on port 0.
 */
export interface Bot {
  server: restify.Server;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Scheduled agenda reminders (tests call `tick` after moving the clock). */
  scheduler: ReminderScheduler;
  /** Starts listening; resolves with the port actually bound. */
  listen(port: number): Promise<number>;
  /** Stops accepting, lets in-flight turns finish, flushes the store. */
  stop(): Promise<void>;
}

export interface BotOptions {
  clock?: Clock;
  logger?: Logger;
  seedDir?: string;
  typingIndicator?: boolean;
  /** See ReminderDeps.replyWithinMs. */
  reminderReplyWithinMs?: number;
}

export async function createBot(config: Config, options: BotOptions = {}): Promise<Bot> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? (config.now ? new FixedClock(config.now) : systemClock);
  if (!config.bot.appId) {
    logger.warn(
      'No MicrosoftAppId: running in local anonymous mode. Requests are not authenticated; use this only on a developer machine.',
    );
  }
  const store = await Store.open(config.storePath, { seed: () => loadSeed(options.seedDir), clock });
  const repo = createRepositories(store);
  const teams = createTeamsBot({ config, logger, store, repo, clock }, { typingIndicator: options.typingIndicator, reminderReplyWithinMs: options.reminderReplyWithinMs });

  const scheduler = new ReminderScheduler(teams.reminders, clock, config.publicUrl, logger);

  let inFlight = 0;
  let drained: (() => void) | null = null;
  const server = createHttpServer({
    logger,
    getRoutes: [
      {
        // "Add to calendar" on meeting cards: an iCalendar file in Europe/London time.
        path: '/meetings/:file',
        handler: async ({ file }) => {
          const id = /^(.+)\.ics$/.exec(file ?? '')?.[1];
          const ics = id ? meetingCalendar(repo, id, clock.now()) : null;
          if (!ics) return null;
          return {
            status: 200,
            contentType: 'text/calendar; charset=utf-8',
            body: ics.body,
            headers: { 'Content-Disposition': `attachment; filename="${ics.filename}"` },
          };
        },
      },
    ],
    processActivity: async (activity, authorization) => {
      inFlight += 1;
      try {
        return await teams.adapter.handle(activity, authorization, async (context) => {
          await teams.app.run(context);
        });
      } finally {
        inFlight -= 1;
        if (inFlight === 0) drained?.();
      }
    },
  });

  return {
    server,
    store,
    clock,
    logger,
    scheduler,
    listen: (port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, () => {
          server.removeListener('error', reject);
          scheduler.start();
          resolve((server.address() as AddressInfo).port);
        });
      }),
    stop: async () => {
      await scheduler.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      server.server.closeIdleConnections();
      await closed;
      // Reminder sends that outlived their turn finish (and report) before the store closes.
      await teams.reminders.background?.settled();
      await store.close();
    },
  };
}
