import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Answer } from '../capabilities/answer';
import { renderCard } from '../cards/render';

/** Renders an Answer's template and sends it, with the summary as the notification text. */
export async function sendAnswer(context: TurnContext, answer: Answer): Promise<void> {
  const { card, summary } = renderCard(answer.template, answer.view, { keep: !answer.unique });
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  activity.summary = summary;
  await context.sendActivity(activity);
}
