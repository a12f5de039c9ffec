import type { CardViewModel } from '../../cards/render';
import type { CardTemplate } from '../../cards/templates';

/**
 * What every question handler returns: the card template to use and the plain view model to
 * fill it with. Routes render it; handlers never see Teams.
 */
export interface Answer {
  template: CardTemplate;
  view: CardViewModel;
}

/** A button that sends a question as if the user had typed it (Teams imBack). */
export interface QuestionButton {
  label: string;
  text: string;
}

/** "Which did you mean?": used for ambiguity and for suggestions when nothing matched. */
export function chooseAnswer(title: string, question: string, options: QuestionButton[]): Answer {
  return {
    template: 'choose',
    view: {
      summary: `${title} ${question} ${options.map((o) => o.label).join(', ')}`.trim(),
      title,
      question,
      options,
    },
  };
}

/** A short message card: a title, a line or two, optional next-step buttons. */
export function messageAnswer(title: string, lines: string[], options: QuestionButton[] = []): Answer {
  return {
    template: 'message',
    view: { summary: [title, ...lines].join(' '), title, lines, options },
  };
}

/** What a button that no longer works (an old card, a tampered payload) answers; nothing changes. */
export function staleButton(): Answer {
  return messageAnswer('That button no longer works', [
    'The card it was on may be out of date. Ask the question again to get a fresh card.',
  ]);
}
