import type { CardTemplate } from '../cards/templates';
import type { IntentRow } from '../recognition/intents';
import type { Entities } from '../recognition/types';
import type { Answer, QuestionButton } from './shared/answer';
import type { QuestionContext } from './shared/context';

/**
 * One question or command, stated once: how it is recognised (its row of the intent table:
 * patterns, examples, priority, the entities it reads), who may use it, whether it is about the
 * conversation's committee, its handler and the card its answer shows. The router, the "did you
 * mean" suggestions, the spelling vocabulary, help and the Teams command menus are all derived
 * from these (bot/features/catalogue.ts).
 */

/**
 * Who the question or command is for. Clerks' commands refuse anyone who is not the clerk of the
 * committee; members' requests (apologies, declarations) refuse guests and non-members with a
 * polite message. The handlers apply the check against the committee in question (see
 * shared/guards.ts); help lists clerks' commands only to clerks.
 */
export type Audience = 'anyone' | 'member' | 'clerk';

/** `text` is the message as typed (commands read their arguments from it). */
export type Handler = (ctx: QuestionContext, entities: Entities, text: string) => Answer | Promise<Answer>;

/** A card button that carries data; `data` is whatever the card sent, not yet trusted. */
export type SubmitHandler = (ctx: QuestionContext, data: Record<string, unknown>) => Answer | Promise<Answer>;

/** Where in Teams a command menu is shown: personal chats, team channels, group chats. */
export type MenuScope = 'personal' | 'team' | 'groupChat';

/** An entry in the Teams command menu (the app manifest's commandLists); Teams sends `title` as the message. */
export interface MenuEntry {
  title: string;
  description: string;
  scopes: readonly MenuScope[];
}

export interface Definition<I extends string = string> extends IntentRow<I> {
  audience: Audience;
  /** The committee is settled (named, the conversation's, or the asker's) before the handler runs. */
  aboutCommittee: boolean;
  /** The card a successful answer shows (messages and "which did you mean?" aside). */
  template: CardTemplate;
  handler: Handler;
  /** Offered in Teams' command menu (the manifest's command lists are built from these). */
  menu?: MenuEntry;
}

export interface SubmitDefinition {
  /** The `verb` the card's button sends. */
  verb: string;
  /** The cards its answers show (messages and "which did you mean?" aside). */
  templates: readonly CardTemplate[];
  handler: SubmitHandler;
}

/** What a feature adds to help: lines of what it does, example questions, clerks' commands. */
export interface HelpLines {
  capabilities?: readonly string[];
  examples?: readonly QuestionButton[];
  clerkCommands?: readonly string[];
}

export interface Feature<I extends string = string> {
  name: string;
  questions: readonly Definition<I>[];
  submits?: readonly SubmitDefinition[];
  help?: HelpLines;
}

/** Keeps each intent name as a literal type, so the catalogue knows the set of intents. */
export function defineFeature<const I extends string>(feature: Feature<I>): Feature<I> {
  return feature;
}
