import type { Definition, Feature, MenuScope, SubmitDefinition } from './definition';
import type { HelpContent } from './help/help';
import { helpView as buildHelpView, type HelpView } from './help/help';
import { helpFeature } from './help/definitions';
import { actionsFeature } from './actions/definitions';
import { alertsFeature } from './alerts/definitions';
import { apologiesFeature } from './apologies/definitions';
import { attendanceFeature } from './attendance/definitions';
import { budgetFeature } from './budget/definitions';
import { channelsFeature } from './channels/definitions';
import { declarationsFeature } from './declarations/definitions';
import { indicatorsFeature } from './indicators/definitions';
import { meetingsFeature } from './meetings/definitions';
import { membershipFeature } from './membership/definitions';
import { minutesFeature } from './minutes/definitions';
import { papersFeature } from './papers/definitions';
import { peopleFeature } from './people/definitions';
import { remindersFeature } from './reminders/definitions';
import { listsFeature } from './shared/definitions';
import { workProgrammeFeature } from './workProgramme/definitions';
import { searchFeature } from './search/definitions';
import { syncFeature } from './sync/definitions';
import { recogniseWith, type RecognitionContext } from '../recognition/recognise';
import type { Recognition } from '../recognition/types';

/**
 * Every feature, and what is derived from their definitions: the intent table the recogniser
 * matches (and takes its suggestions and spelling vocabulary from), the handlers, the card
 * submit verbs, help and the Teams command menus. Feature order is the order help and the menus
 * list them in.
 */
const FEATURES_BUT_HELP = [
  meetingsFeature,
  indicatorsFeature,
  budgetFeature,
  actionsFeature,
  membershipFeature,
  workProgrammeFeature,
  apologiesFeature,
  declarationsFeature,
  minutesFeature,
  attendanceFeature,
  papersFeature,
  remindersFeature,
  alertsFeature,
  channelsFeature,
  peopleFeature,
  syncFeature,
  searchFeature,
  listsFeature,
] as const;

/** What help lists: each feature's lines, in feature order. */
export const HELP: HelpContent = {
  capabilities: FEATURES_BUT_HELP.flatMap((f: Feature) => f.help?.capabilities ?? []),
  examples: FEATURES_BUT_HELP.flatMap((f: Feature) => f.help?.examples ?? []),
  clerkCommands: FEATURES_BUT_HELP.flatMap((f: Feature) => f.help?.clerkCommands ?? []),
};

export const FEATURES = [...FEATURES_BUT_HELP, helpFeature(HELP)] as const;

/** Every intent, named by the definitions. */
export type Intent = (typeof FEATURES)[number]['questions'][number]['intent'];

/**
 * The intent table: every definition. Rows offered as "did you mean" suggestions come first
 * (their order breaks ties between equally close examples), commands and greetings after.
 */
export const INTENT_TABLE: readonly Definition<Intent>[] = [
  ...FEATURES.flatMap((f): readonly Definition<Intent>[] => f.questions).filter((d) => d.suggest !== false),
  ...FEATURES.flatMap((f): readonly Definition<Intent>[] => f.questions).filter((d) => d.suggest === false),
];

export const INTENTS: readonly Intent[] = INTENT_TABLE.map((d) => d.intent);

/** Card buttons by verb; a Map, so a verb such as "constructor" finds nothing. */
export const SUBMITS: ReadonlyMap<string, SubmitDefinition> = new Map(
  FEATURES.flatMap((f: Feature) => f.submits ?? []).map((s) => [s.verb, s] as const),
);

/** The Teams command menus, one per scope, as the app manifest's `commandLists` (scripts/app-package.ts). */
export const COMMAND_LISTS: { scopes: [MenuScope]; commands: { title: string; description: string }[] }[] = (
  ['personal', 'team', 'groupChat'] as const
).map((scope) => ({
  scopes: [scope],
  commands: FEATURES.flatMap((f: Feature) => f.questions).flatMap((d) =>
    d.menu?.scopes.includes(scope) ? [{ title: d.menu.title, description: d.menu.description }] : [],
  ),
}));

/** Recognises a message against every feature's definitions. */
export function recognise(text: string, ctx: RecognitionContext): Recognition<Intent> {
  return recogniseWith(INTENT_TABLE, text, ctx);
}

export type { RecognitionContext };

/** The help card's view: welcome (on install) or asked for; clerks also see their commands. */
export function helpView(options: { welcome: boolean; councilName: string; clerk?: boolean }): HelpView {
  return buildHelpView(HELP, options);
}
