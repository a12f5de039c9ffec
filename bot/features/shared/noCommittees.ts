import { messageAnswer, type Answer } from './answer';

/**
 * A store may hold no committee at all: a council started with SEED_DIR=none before its first
 * sync from modern.gov. Questions about a committee then get this answer, never another
 * council's or a guessed one, and nothing is recorded.
 */
export function noCommitteesAnswer(councilName: string): Answer {
  return messageAnswer('No committees are set up yet', [
    `I do not hold any of ${councilName}'s committees yet, so I have no meetings, members, agendas or minutes to answer from, and nothing has been recorded.`,
    'A clerk or Democratic Services can set the committees up (from modern.gov, or from a seed); please ask again once they have. Type "help" to see what I can answer.',
  ]);
}
