import net, { type AddressInfo } from 'node:net';
import type restify from 'restify';
import { FixedClock, systemClock, type Clock } from './clock';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { createHttpServer } from './server';
import { checkSeedChoice, seedFor } from './store/seed';
import { Store } from './store/store';
import { lockStore } from './store/lock';
import { createLowdbRepository } from './store/lowdbRepository';
import { createTeamsBot } from './teams/app';
import { meetingCalendar } from './features/meetings/calendar';
import { ReminderScheduler } from './reminderScheduler';
import type { Alerts } from './features/alerts/alerts';
import { handPendingAlerts } from './features/alerts/pending';
import { ActionChaser } from './actionChaser';
import { SyncScheduler } from './syncScheduler';
import { SyncService } from './features/sync/service';
import type { ModernGovClientOptions } from './features/sync/client';
import type { MeetingChange } from './features/alerts/changes';

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
  /** Alerts about meeting changes: `alerts.onMeetingChanges` is what the modern.gov sync calls. */
  alerts: Alerts;
  /** Chasing action owners and clerks (tests call `tick` after moving the clock). */
  chaser: ActionChaser;
  /** The modern.gov sync on its schedule (tests call `tick` after moving the clock). */
  sync: { service: SyncService; scheduler: SyncScheduler };
  /**
   * Starts listening; resolves with the port actually bound. Without an app id (local
   * anonymous mode) only on loopback: 127.0.0.1 and, where the machine has it, ::1.
   */
  listen(port: number): Promise<number>;
  /** The addresses the bot listens on (after `listen`). */
  addresses(): AddressInfo[];
  /** Stops accepting, lets in-flight turns finish, flushes the store. */
  stop(): Promise<void>;
}

export interface BotOptions {
  clock?: Clock;
  logger?: Logger;
  typingIndicator?: boolean;
  /** See ReminderDeps.replyWithinMs. */
  reminderReplyWithinMs?: number;
  /** Timeout and pacing of requests to modern.gov (tests shorten them). */
  moderngovClient?: Omit<ModernGovClientOptions, 'site'>;
  /** Also told of the meetings a sync found changed, after the alerts have been handed them. */
  onMeetingChanges?: (changes: MeetingChange[]) => Promise<void>;
}

export async function createBot(config: Config, options: BotOptions = {}): Promise<Bot> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? (config.now ? new FixedClock(config.now) : systemClock);
  if (!config.bot.appId) {
    logger.warn(
      'No MicrosoftAppId: running in local anonymous mode. Requests are not authenticated; use this only on a developer machine.',
    );
  }
  // One writer per store: held from before the store is read until after its last write.
  // A change is acknowledged (transact resolves) only once it is on disk, so whatever a turn
  // sends after it can rely on it.
  // A SEED_DIR that names no folder is a mistake in the environment, even once the store exists.
  checkSeedChoice(config.seed);
  const lock = await lockStore(config.storePath, 'the Committee Assistant bot');
  let store: Store;
  try {
    store = await Store.open(config.storePath, { seed: seedFor(config.seed), clock });
  } catch (err) {
    await lock.release();
    throw err;
  }
  const records = createLowdbRepository(store, clock);
  const syncService = new SyncService({
    settings: config.moderngov,
    records,
    clock,
    logger,
    client: options.moderngovClient,
    // The committee is told of what a sync changed: the alerts (and whoever else asked).
    onMeetingChanges: async (changes) => {
      await teams.alerts.onMeetingChanges(changes);
      await options.onMeetingChanges?.(changes);
    },
  });
  const teams = createTeamsBot(
    { config, logger, store, records, clock, sync: syncService },
    { typingIndicator: options.typingIndicator, reminderReplyWithinMs: options.reminderReplyWithinMs },
  );

  const scheduler = new ReminderScheduler(teams.reminders, clock, config.publicUrl, logger);
  // Before any turn can start an alert: messages a crash left half-sent are settled as unknown.
  const finishInterruptedAlerts = await teams.alerts.recoverInterrupted();
  const chaser = new ActionChaser(teams.reminders, clock, logger);
  const syncScheduler = new SyncScheduler(syncService, clock, logger);

  let loopbackV6: net.Server | null = null;
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
          const ics = id ? await meetingCalendar(records, id, clock.now()) : null;
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
        return await teams.handle(activity, authorization);
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
    alerts: teams.alerts,
    chaser,
    sync: { service: syncService, scheduler: syncScheduler },
    listen: async (port) => {
      // Anonymous (local) mode authenticates nobody, so it is reachable from this machine only.
      const bound = await listenOn(server, port, config.bot.appId ? undefined : '127.0.0.1');
      if (!config.bot.appId) loopbackV6 = await alsoOnIpv6Loopback(server, bound, logger);
      scheduler.start();
      // Then what a sync without the bot (npm run sync) found: the committee is told now.
      teams.reminders.background?.run(
        finishInterruptedAlerts().then(() => handPendingAlerts(records, (changes) => teams.alerts.onMeetingChanges(changes), logger)),
      );
      chaser.start();
      syncScheduler.start();
      return bound;
    },
    addresses: () => [server.address(), ...(loopbackV6 ? [loopbackV6.address() as AddressInfo] : [])],
    stop: async () => {
      await scheduler.stop();
      await chaser.stop();
      await syncScheduler.stop();
      loopbackV6?.close();
      const closed = new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      server.server.closeIdleConnections();
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      server.server.closeIdleConnections();
      await closed;
      // Reminder sends that outlived their turn finish (and report) before the store closes.
      await teams.reminders.background?.settled();
      await store.close();
      await lock.release();
    },
  };
}

function listenOn(server: restify.Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const bound = () => {
      server.removeListener('error', reject);
      resolve(server.address().port);
    };
    if (host) server.listen(port, host, bound);
    else server.listen(port, bound);
  });
}

/**
 * ::1 on the same port, so "localhost" reaches the bot whichever address it resolves to: its
 * connections are handed to the same HTTP server (Node's documented 'connection' event).
 * A machine without IPv6 loopback simply has 127.0.0.1.
 */
function alsoOnIpv6Loopback(server: restify.Server, port: number, logger: Logger): Promise<net.Server | null> {
  const extra = net.createServer((socket) => server.server.emit('connection', socket));
  return new Promise((resolve) => {
    extra.once('error', (err: Error & { code?: string }) => {
      logger.warn('listening on 127.0.0.1 only: ::1 is not available', { port, error: err.code ?? err.message });
      resolve(null);
    });
    extra.listen({ port, host: '::1', ipv6Only: true }, () => resolve(extra));
  });
}
