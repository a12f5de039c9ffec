import { Application, type TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { createAdapter, type AdapterEntry } from './adapter';
import type { BotServices } from './services';
import { registerRoutes } from './routes';
import { createMessenger } from './messenger';
import { RateLimiter } from '../features/reminders/delivery';
import { BackgroundWork, type ReminderDeps } from '../features/reminders/messenger';
import { tenantOf } from './tenant';
import { createAlerts, type Alerts } from '../features/alerts/alerts';

export interface TeamsOptions {
  /** Typing indicators are noise in tests; on by default in Teams. */
  typingIndicator?: boolean;
  /** See ReminderDeps.replyWithinMs (tests shorten it). */
  reminderReplyWithinMs?: number;
}

export interface TeamsBot {
  adapter: TeamsAdapter;
  app: Application<TurnState>;
  /** Proactive sending (agenda reminders), at Teams' pace. */
  reminders: ReminderDeps;
  /** Alerts about meeting changes; `alerts.onMeetingChanges` is the hook for the modern.gov sync. */
  alerts: Alerts;
  /** Runs the turn of one activity our HTTP layer has read; see AdapterEntry.handle. */
  handle(activity: Record<string, unknown>, authorization: string): ReturnType<AdapterEntry['handle']>;
}

export function createTeamsBot(services: BotServices, options: TeamsOptions = {}): TeamsBot {
  const { config, logger } = services;
  const entry = createAdapter(config, logger);
  const adapter = entry.adapter;

  adapter.onTurnError = async (context, error) => {
    // Log everything for operators; tell the user only that it failed, never why.
    logger.error('turn failed', {
      activityId: context.activity.id,
      activityType: context.activity.type,
      conversationId: context.activity.conversation?.id,
      error: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
    try {
      await context.sendActivity('Sorry, something went wrong on my side. Please try again in a moment.');
    } catch (sendError) {
      logger.error('could not send the turn error apology', { error: (sendError as Error).message });
    }
  };

  // Tenant allow-list: activities from other tenants get no answer at all, only a log line.
  adapter.use(async (context, next) => {
    if (config.allowedTenantIds.length > 0) {
      const tenantId = tenantOf(context);
      if (!tenantId || !config.allowedTenantIds.includes(tenantId)) {
        logger.warn('ignored activity from a tenant that is not allowed', {
          activityId: context.activity.id,
          tenantId: tenantId ?? null,
        });
        return;
      }
    }
    await next();
  });

  const app = new Application<TurnState>({
    adapter,
    botAppId: config.bot.appId ?? '',
    startTypingTimer: options.typingIndicator ?? true,
    removeRecipientMention: true,
    longRunningMessages: false,
  });

  const reminders: ReminderDeps = {
    records: services.records,
    messenger: createMessenger(adapter, config.bot.appId ?? ''),
    limiter: new RateLimiter(),
    logger,
    replyWithinMs: options.reminderReplyWithinMs,
    background: new BackgroundWork(),
  };
  registerRoutes(app, services, reminders);
  const alerts = createAlerts({ ...reminders, now: () => services.clock.now() });

  return {
    adapter,
    app,
    reminders,
    alerts,
    handle: (activity, authorization) => entry.handle(activity, authorization, (context) => app.run(context).then(() => undefined)),
  };
}
