/**
 * The card templates in cards/, one name per file (cards/<name>.json). Answers and feature
 * definitions name a template by this type, so a template that does not exist fails to compile;
 * test/architecture.test.ts checks the list matches the folder both ways.
 */
export const CARD_TEMPLATES = [
  'actions',
  'agenda',
  'apologies-list',
  'attendance',
  'apology-confirmation',
  'apology-form',
  'budget',
  'choose',
  'clerk',
  'confirm',
  'deadlines',
  'declaration-confirmation',
  'declaration-form',
  'declarations-list',
  'delivery-report',
  'full-text',
  'indicator-confirmation',
  'indicator-form',
  'indicator-list',
  'indicator',
  'link-request',
  'links',
  'managed-in-moderngov',
  'meeting',
  'membership',
  'message',
  'minutes',
  'minutes-text',
  'papers',
  'person',
  'record',
  'search',
  'urgency-form',
  'welcome',
  'work-programme',
] as const;

export type CardTemplate = (typeof CARD_TEMPLATES)[number];
