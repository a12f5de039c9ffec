import type { EntityNeeds } from './types';

/**
 * What an intent looks like, as data. Each feature states its own rows in its `definitions.ts`
 * (bot/features/); the recogniser is handed the whole table (bot/features/catalogue.ts).
 *
 * Patterns are tested on normalised text (see normalise.ts: lowercase, "what's" -> "what is",
 * "can't" -> "cannot", punctuation -> spaces, "O & S" -> "o&s", misspellings already corrected).
 * When rows of several intents match, the highest `priority` wins, so specific requests beat
 * general ones that share their words: clerks' commands are anchored at the start of the
 * message and rank highest (86 and up: a command is never a question; commands that carry free
 * text, such as a progress note, rank above every question its words could match); first-person requests beat
 * lists that share their words ("send my apologies" 75 over "apologies for the next meeting"
 * 70); help (30) and greetings (20) lose to any question ("hello, when is the next meeting?").
 * No two rows share a priority, so the winner never depends on row order.
 *
 * Row order does not matter for matching; it orders suggestions that score the same.
 * `examples` are real phrasings: the fuzzy fallback compares messages with them, the closest
 * are offered as "did you mean" suggestions, and their words (with the patterns' words) are the
 * vocabulary the spelling corrector knows.
 */
export interface IntentRow<I extends string = string> {
  intent: I;
  /** Short name of the intent for a suggestion button. */
  label: string;
  priority: number;
  /** Any one matching selects the intent. */
  patterns: readonly RegExp[];
  /** Any one matching rules the intent out, whatever the patterns say. */
  unless?: readonly RegExp[];
  /** The intent is also selected when this entity is found in the text (an indicator's name). */
  orEntity?: 'indicatorId';
  examples: readonly string[];
  /**
   * Offer as a "did you mean" suggestion, and answer wording close to its examples (default true).
   * Commands that change records set false: they run only when their own patterns match.
   */
  suggest?: boolean;
  /** Entities the intent reads beyond the common ones. */
  entities?: EntityNeeds;
}
