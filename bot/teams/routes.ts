import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import { askContext, type BotServices } from './services';
import { sendAnswer } from './send';
import { identifySender } from './identity';
import { answerQuestion, answerSubmit } from '../features/router';
import { staleButton } from '../features/shared/answer';
import { renderCard } from '../cards/render';
import { helpView } from '../features/catalogue';
import { cleanText } from '../features/shared/text';
import { rememberConversation } from '../features/channels/conversations';
import { claimAnswer, notifyClerks } from '../features/people/links';
import { conversationSeen } from './conversations';
import type { ReminderDeps } from '../features/reminders/messenger';

/**
 * The routes: recognise → call one capability → render one card. Card buttons that ask a
 * question use imBack, so they arrive here as typed text; buttons that carry data (forms,
 * "Show more") arrive as a message with `value.verb` and go to answerSubmit.
 */
export function registerRoutes(app: Application<TurnState>, services: BotServices, reminders: ReminderDeps): void {
  /** In a personal chat the sender is whose chat it is: identify them so reminders can reach them. */
  const remember = async (context: TurnContext, personId: string | null | undefined, installed: boolean | null) => {
    let who = personId ?? null;
    if (personId === undefined && context.activity.conversation.conversationType !== 'channel' && !context.activity.conversation.isGroup) {
      who = (await identifySender(context, services, { raiseClaim: false })).person?.id ?? null;
    }
    await rememberConversation(services.records, conversationSeen(context, who, installed));
  };

  // Installs and uninstalls: keep the conversation reference so the bot can post there later.
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const action = String(context.activity.action ?? '');
    await remember(context, undefined, !action.startsWith('remove'));
  });

  app.conversationUpdate('membersRemoved', async (context) => {
    const botId = context.activity.recipient.id;
    if ((context.activity.membersRemoved ?? []).some((m) => m.id === botId)) await remember(context, null, false);
  });

  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient.id;
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
    if (botAdded) {
      await remember(context, undefined, true);
      const councilName = await services.records.council.name();
      await sendAnswer(context, { template: 'welcome', view: helpView({ welcome: true, councilName }) });
    }
  });

  // The bot's cards use Action.Submit; an Action.Execute (an old or forged card) gets a card
  // saying so instead of an error.
  app.adaptiveCards.actionExecute(/.*/, () => Promise.resolve(renderCard('message', staleButton().view).card as AdaptiveCard));

  // Invokes the bot does not handle (message extensions, unknown names) get a clear 400.
  app.activity(
    (context) => Promise.resolve(context.activity.type === String(ActivityTypes.Invoke) && context.activity.name !== 'adaptiveCard/action'),
    async (context) => {
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 400, body: { error: `This app does not handle "${String(context.activity.name ?? '').slice(0, 50)}".` } },
      });
    },
  );

  app.activity(ActivityTypes.Message, async (context) => {
    const identity = await identifySender(context, services);
    await remember(context, identity.person?.id ?? null, null);
    if (identity.claim?.state === 'raised') {
      // A display name matched a person: the clerks are asked, and the sender told, before their question is answered.
      await notifyClerks(reminders, identity.claim.requestId);
      await sendAnswer(context, await claimAnswer(services.records, identity.claim));
    }
    const ask = await askContext(context, services, identity, reminders);
    const value = context.activity.value as unknown;
    if (value !== undefined && value !== null && !context.activity.text) {
      await sendAnswer(context, await answerSubmit(ask, value));
      return;
    }
    const text = cleanText(context.activity.text ?? '');
    await sendAnswer(context, await answerQuestion(ask, text));
  });
}
