import { chooseAnswer, type Answer } from './answer';
import type { QuestionContext } from './context';
import { personLabel } from './guards';

/** A person named in the text: none, exactly one, or "which did you mean?" (buttons repeat `prefix` with each name). */
export function onePerson(
  ctx: QuestionContext,
  ids: string[] | undefined,
  prefix: string,
): { kind: 'one'; id: string | undefined } | { kind: 'choose'; answer: Answer } {
  if (!ids || ids.length === 0) return { kind: 'one', id: undefined };
  if (ids.length === 1) return { kind: 'one', id: ids[0] };
  return {
    kind: 'choose',
    answer: chooseAnswer(
      'Which person?',
      'More than one person matches that name. Which one do you mean?',
      ids.map((id) => {
        const name = personLabel(ctx.repo.person(id));
        return { label: name, text: `${prefix} ${name}` };
      }),
    ),
  };
}
