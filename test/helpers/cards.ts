/**
 * Reading a rendered Adaptive Card the way a user does: the text on it, and the elements of one
 * kind. Plain JSON walking, so capability tests can use it without starting the bot.
 */
type Json = Record<string, unknown>;

/** The first Adaptive Card in a list of sent activities. */
export function cardOf(activities: Json[]): Json {
  for (const activity of activities) {
    const attachments = (activity.attachments ?? []) as { contentType: string; content: Json }[];
    const card = attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
    if (card) return card.content;
  }
  throw new Error(`no Adaptive Card among ${activities.length} activities: ${JSON.stringify(activities).slice(0, 500)}`);
}

export interface ReadOptions {
  /**
   * One line per RichTextBlock (its runs joined) and per fact ("Title: value"), as a reader takes
   * them in. Otherwise each run, fact title and fact value is a line of its own.
   */
  joinBlocks?: boolean;
  /** Also the summary Teams shows or says in the card's place (fallbackText, speak). */
  withSummary?: boolean;
  /** Also link addresses (url). */
  withLinks?: boolean;
  /** Without the invisible word joiners that keep stored `${` and `{{` literal, so text reads as typed. */
  dropJoiners?: boolean;
}

/**
 * Everything a user reads on a card, a line each: TextBlocks and TextRuns, fact titles and values,
 * button and choice titles, and chosen input values (not what was typed into an Input.Text).
 * Button data is never read: it is what a click sends, not what the card shows.
 */
export function cardLines(card: unknown, options: ReadOptions = {}): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (options.joinBlocks && n.type === 'RichTextBlock' && Array.isArray(n.inlines)) {
      out.push((n.inlines as { text?: string }[]).map((i) => i.text ?? '').join(''));
      return;
    }
    if (options.joinBlocks && n.type === 'FactSet' && Array.isArray(n.facts)) {
      for (const fact of n.facts as { title: string; value: string }[]) out.push(`${fact.title}: ${fact.value}`);
      return;
    }
    if (typeof n.text === 'string') out.push(n.text);
    if (typeof n.title === 'string') out.push(n.title);
    if (typeof n.value === 'string' && n.type !== 'Input.Text') out.push(n.value);
    if (options.withSummary) {
      if (typeof n.fallbackText === 'string') out.push(n.fallbackText);
      if (typeof n.speak === 'string') out.push(n.speak);
    }
    if (options.withLinks && typeof n.url === 'string') out.push(n.url);
    for (const [key, value] of Object.entries(n)) if (key !== 'data' && typeof value === 'object') walk(value);
  };
  walk(card);
  return options.dropJoiners ? out.map((line) => line.replace(/\u2060/g, '')) : out;
}

/** All the text a user would read on a card (see cardLines), one line each. */
export function cardText(card: unknown, options: ReadOptions = {}): string {
  return cardLines(card, options).join('\n');
}

/** Every element of a given type anywhere in the card (or part of a card). */
export function cardElements(node: unknown, type: string): Json[] {
  const out: Json[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      if ((n as Json).type === type) out.push(n as Json);
      Object.values(n as Json).forEach(walk);
    }
  };
  walk(node);
  return out;
}
