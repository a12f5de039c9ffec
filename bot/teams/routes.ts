import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { askContext, type BotServices } from './services';
import { sendAnswer } from './send';
import { identifySender } from './identity';
import { answerQuestion, answerSubmit } from '../capabilities/questions';
import { helpView } from '../capabilities/help';
import { cleanText } from '../capabilities/text';

/**
 * The routes: recognise → call one capability → render one card. Card buttons that ask a
 * question use imBack, so they arrive here as typed text; buttons that carry data (forms,
 * "Show more") arrive as a message with `value.verb` and go to answerSubmit.
 */
export function registerRoutes(app: Application<TurnState>, services: BotServices): void {
  const { store, logger } = services;

  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient.id;
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
    if (botAdded) {
      await sendAnswer(context, { template: 'welcome', view: helpView({ welcome: true, councilName: store.read((d) => d.council.name) }) });
    }
  });

  app.activity(ActivityTypes.Message, async (context) => {
    const identity = await identifySender(context, store, logger);
    const ask = askContext(context, services, identity);
    const value = context.activity.value as unknown;
    if (value !== undefined && value !== null && !context.activity.text) {
      await sendAnswer(context, await answerSubmit(ask, value));
      return;
    }
    const text = cleanText(context.activity.text ?? '');
    await sendAnswer(context, await answerQuestion(ask, text));
  });
}

export type { TurnContext };
