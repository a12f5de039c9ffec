import { ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { renderCard, type CardViewModel } from '../cards/render';
import type { Store } from '../store/store';
import type { Clock } from '../clock';
import { helpView } from '../capabilities/help';

/** What the Teams layer needs from the rest of the bot. */
export interface TeamsDeps {
  config: Config;
  logger: Logger;
  store: Store;
  clock: Clock;
  /** Typing indicators are noise in tests; on by default in Teams. */
  typingIndicator?: boolean;
}

export interface TeamsBot {
  adapter: TeamsAdapter;
  app: Application<TurnState>;
}

/** Sends one card (rendered from a template) with its summary as the notification text. */
export async function sendCard(context: TurnContext, template: string, model: CardViewModel): Promise<void> {
  const { card, summary } = renderCard(template, model);
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  activity.summary = summary;
  await context.sendActivity(activity);
}

export function createTeamsBot(deps: TeamsDeps): TeamsBot {
  const { config, logger } = deps;
  const adapter = new TeamsAdapter({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  });

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
    startTypingTimer: deps.typingIndicator ?? true,
    removeRecipientMention: true,
    longRunningMessages: false,
  });

  const councilName = deps.store.read((d) => d.council.name);

  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient.id;
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
    if (botAdded) await sendCard(context, 'welcome', helpView({ welcome: true, councilName }));
  });

  app.activity(ActivityTypes.Message, async (context) => {
    await sendCard(context, 'welcome', helpView({ welcome: false, councilName }));
  });

  return { adapter, app };
}

export function tenantOf(context: TurnContext): string | undefined {
  const channelData = context.activity.channelData as { tenant?: { id?: string } } | undefined;
  return channelData?.tenant?.id ?? context.activity.conversation?.tenantId;
}
