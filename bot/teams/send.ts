import { CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { Answer } from '../features/shared/answer';
import { renderCard } from '../cards/render';

/** An Answer as a Teams message: its card, with the summary as the notification text. */
export function answerActivity(answer: Answer): Partial<Activity> {
  const { card, summary } = renderCard(answer.template, answer.view);
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  activity.summary = summary;
  return activity;
}

/** Sends an Answer in reply, in the turn's conversation. */
export async function sendAnswer(context: TurnContext, answer: Answer): Promise<void> {
  await context.sendActivity(answerActivity(answer));
}
