import { checkCard } from '../../bot/cards/render';

/**
 * Validates a rendered card with the Adaptive Cards SDK (the package's lib/ is extensionless ESM
 * that jest cannot load, so the UMD bundle is used), at schema 1.5, plus our own checks
 * (version, size, leftover `${`, fallback text) that the SDK does not make.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the UMD bundle (see above) has no type declarations, so it is required and given the package's types
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

export function cardProblems(card: Record<string, unknown>): string[] {
  const problems: string[] = [];
  try {
    checkCard('card', card);
  } catch (err) {
    problems.push((err as Error).message);
  }
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i += 1) {
    const event = context.getEventAt(i);
    problems.push(`parse: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    problems.push(`validate: ${event.message}`);
  }
  // Colours must be semantic so cards read in light, dark and high-contrast themes.
  const json = JSON.stringify(card);
  if (/#[0-9a-fA-F]{3,8}\b/.test(json)) problems.push('hard-coded hex colour');
  return problems;
}
