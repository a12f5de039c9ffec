import { chooseAnswer, type Answer } from './answer';
import type { QuestionContext } from './context';
import { personLabel } from './guards';

/** A person named in the text: none, exactly one, or "which did you mean?" (buttons repeat `prefix` with each name). */
export async function onePerson(
  ctx: QuestionContext,
  ids: string[] | undefined,
  prefix: string,
): Promise<{ kind: 'one'; id: string | undefined } | { kind: 'choose'; answer: Answer }> {
  if (!ids || ids.length === 0) return { kind: 'one', id: undefined };
  if (ids.length === 1) return { kind: 'one', id: ids[0] };
  const people = await Promise.all(ids.map((id) => ctx.records.people.get(id)));
  return {
    kind: 'choose',
    answer: chooseAnswer(
      'Which person?',
      'More than one person matches that name. Which one do you mean?',
      people.map((person) => {
        const name = personLabel(person);
        return { label: name, text: `${prefix} ${name}` };
      }),
    ),
  };
}
