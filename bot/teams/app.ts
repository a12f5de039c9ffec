import type { TurnContext } from 'botbuilder';
import { Application, type TurnState } from '@microsoft/teams-ai';
import { CommitteeAdapter } from './adapter';
import type { BotServices } from './services';
import { registerRoutes } from './routes';
import { createMessenger } from './messenger';
import { reuseConnectorClients } from './connectorClients';
import { RateLimiter } from '../capabilities/delivery';
import { BackgroundWork, type ReminderDeps } from '../capabilities/reminders';

export interface TeamsOptions {
  /** Typing indicators are noise in tests; on by default in Teams. */
  typingIndicator?: boolean;
  /** See ReminderDeps.replyWithinMs (tests shorten it). */
  reminderReplyWithinMs?: number;
}

export interface TeamsBot {
  adapter: CommitteeAdapter;
  app: Application<TurnState>;
  /** Proactive sending (agenda reminders), at Teams' pace. */
  reminders: ReminderDeps;
}

export function createTeamsBot(services: BotServices, options: TeamsOptions = {}): TeamsBot {
  const { config, logger } = services;
  const adapter = new CommitteeAdapter({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  });
  if (!reuseConnectorClients(adapter)) {
    logger.warn('botbuilder has changed shape: Teams clients are made afresh for every activity (slower, nothing else changes)');
  }
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
    repo: services.repo,
    messenger: createMessenger(adapter, config.bot.appId ?? ''),
    limiter: new RateLimiter(),
    logger,
    replyWithinMs: options.reminderReplyWithinMs,
    background: new BackgroundWork(),
  };
  registerRoutes(app, services, reminders);

  return { adapter, app, reminders };
}

export function tenantOf(context: TurnContext): string | undefined {
  const channelData = context.activity.channelData as { tenant?: { id?: string } } | undefined;
  return channelData?.tenant?.id ?? context.activity.conversation?.tenantId;
}
