import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';
import { deepFreeze, Kept } from '../kept';

/**
 * Cards are JSON templates in cards/ filled from plain view models. This is the one place that
 * expands them, so every card gets the same checks: schema version, size, no template syntax
 * left over, and a plain-text summary for notifications and screen readers.
 */
export const MAX_CARD_BYTES = 28 * 1024;
const MAX_VERSION = 1.5;

export interface CardViewModel {
  /** Plain text said in notifications, previews and where cards cannot render. */
  summary: string;
  [key: string]: unknown;
}

export interface RenderedCard {
  /** Read it, send it, never change it: a kept card is frozen and shared with later renders. */
  card: Record<string, unknown>;
  summary: string;
}

export class CardRenderError extends Error {}

const cache = new Map<string, Record<string, unknown>>();

export function cardsDir(): string {
  // Works from bot/cards (ts-jest) and dist/bot/cards (built).
  for (const candidate of [path.join(__dirname, '..', '..', 'cards'), path.join(__dirname, '..', '..', '..', 'cards')]) {
    try {
      readFileSync(path.join(candidate, 'welcome.json'));
      return candidate;
    } catch {
      // try the next
    }
  }
  throw new CardRenderError('Could not find the cards/ folder.');
}

export function loadTemplate(name: string): Record<string, unknown> {
  let template = cache.get(name);
  if (!template) {
    template = JSON.parse(readFileSync(path.join(cardsDir(), `${name}.json`), 'utf8')) as Record<string, unknown>;
    cache.set(name, template);
  }
  return template;
}

/**
 * Stored and typed text is data, never markup for the card or for Teams: `${...}` must not look
 * like template syntax and `{{DATE(...)}}` must not become a Teams date function. A zero-width
 * joiner between the characters keeps the text as the user wrote it, visually.
 */
export function neutralise<T>(value: T): T {
  if (typeof value === 'string') {
    // Most text has no brace at all: skip the two replacements (this runs on every string shown).
    if (!value.includes('{')) return value;
    return value.replace(/\$\{/g, '$\u2060{').replace(/\{\{/g, '{\u2060{') as T;
  }
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    return items.map((v) => neutralise(v)) as T;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = neutralise(v);
    return out as T;
  }
  return value;
}

const templates = new Map<string, Template>();

function expand(name: string, model: CardViewModel): Record<string, unknown> {
  // Parsing a template is a large part of rendering; a parsed Template expands any number of times.
  let template = templates.get(name);
  if (!template) {
    template = new Template(loadTemplate(name));
    templates.set(name, template);
  }
  return plainText(template.expand({ $root: neutralise(model) })) as Record<string, unknown>;
}

/**
 * Text shown on a card is never Markdown. Teams reads Markdown in a TextBlock's text and in a
 * Fact's title and value (a typed "[x](http://...)" would become a link, "**x**" bold), and its
 * clients disagree on backslash escapes; a TextRun is always plain. So wherever text would be
 * read as Markdown, the TextBlock becomes a RichTextBlock with one TextRun in the same style,
 * and the FactSet becomes rows of RichTextBlocks. Text with no Markdown character is left as
 * the template wrote it.
 */
const MARKDOWN = /[*_`~[\]<>\\|]|&#?\w+;|(?:^|\n)\s*(?:#|[-+]\s|\d+[.)]\s)|https?:|www\./i;

const RUN_STYLE = ['color', 'fontType', 'isSubtle', 'size', 'weight'] as const;
const BLOCK_KEYS = ['id', 'spacing', 'separator', 'isVisible', 'horizontalAlignment', 'height', 'targetWidth'] as const;

function pick(from: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}

function plainRun(text: string, style: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'TextRun', text, ...style };
}

/** A fact's title or value as text: a string, or a number or flag written out; anything else is not text. */
function factText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function plainText(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(plainText);
  if (!node || typeof node !== 'object') return node;
  const n = node as Record<string, unknown>;
  if (n.type === 'TextBlock' && typeof n.text === 'string' && MARKDOWN.test(n.text)) {
    return { type: 'RichTextBlock', ...pick(n, BLOCK_KEYS), inlines: [plainRun(n.text, pick(n, RUN_STYLE))] };
  }
  if (n.type === 'FactSet' && Array.isArray(n.facts)) {
    const facts = n.facts as { title?: unknown; value?: unknown }[];
    if (facts.some((f) => MARKDOWN.test(factText(f.title)) || MARKDOWN.test(factText(f.value)))) {
      return {
        type: 'Container',
        ...pick(n, BLOCK_KEYS),
        items: facts.map((f, i) => ({
          type: 'RichTextBlock',
          ...(i > 0 ? { spacing: 'None' } : {}),
          inlines: [plainRun(`${factText(f.title)}: `, { weight: 'Bolder' }), plainRun(factText(f.value))],
        })),
      };
    }
    return n;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(n)) out[key] = key === 'data' || typeof value !== 'object' ? value : plainText(value);
  return out;
}

/**
 * Expanded cards by template and view, kept for the questions target in bench/README.md (a list
 * card is expanded to fit it under 28 KB, then again to send it; without this, "next meeting"
 * and "open actions" take about twice the echo bot's time). Expanding is a pure function of the
 * template and the view. A few recent cards are kept, least recently used dropped first; a kept
 * card is frozen and shared by every render of that view, so nothing changes a card once rendered.
 */
interface Expanded {
  card: Record<string, unknown>;
  json: string;
  checked: boolean;
}

const expanded = new Kept<Expanded>(128);

/**
 * The card last given for each template, with a copy of its view as JSON read back: the same
 * view again (the view measured to fit it, then rendered; the same question asked again) is
 * found by comparing values, without writing the view out as the table's key. The copy is the
 * view as it was then, whatever its caller has changed in it since.
 */
const lastOf = new Map<string, { view: unknown; entry: Expanded }>();

function expandKept(name: string, model: CardViewModel): Expanded {
  const last = lastOf.get(name);
  if (last !== undefined && sameData(model, last.view)) return last.entry;
  const json = JSON.stringify(model);
  const key = `${name}\u0000${json}`;
  let entry = expanded.get(key);
  if (entry === undefined) {
    const card = deepFreeze(expand(name, model));
    entry = expanded.set(key, { card, json: JSON.stringify(card), checked: false });
  }
  lastOf.set(name, { view: JSON.parse(json), entry });
  return entry;
}

/**
 * Whether `value` holds the same data as `copy` (a value read back from JSON). Conservative: a
 * value JSON would write differently (undefined, a Date, NaN) never matches its copy.
 */
function sameData(value: unknown, copy: unknown): boolean {
  if (value === copy) return typeof value !== 'number' || Number.isFinite(value);
  if (typeof value !== 'object' || typeof copy !== 'object' || value === null || copy === null) return false;
  if (Array.isArray(value)) {
    if (!Array.isArray(copy) || value.length !== copy.length) return false;
    for (let i = 0; i < value.length; i += 1) if (!sameData(value[i], copy[i])) return false;
    return true;
  }
  if (Array.isArray(copy) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const a = value as Record<string, unknown>;
  const b = copy as Record<string, unknown>;
  let keys = 0;
  for (const key in a) {
    if (!sameData(a[key], b[key])) return false;
    keys += 1;
  }
  return keys === Object.keys(b).length;
}

/** Bytes the card would take, measured exactly as renderCard checks it (for fitting long lists). */
export function cardBytes(name: string, model: CardViewModel): number {
  return Buffer.byteLength(expandKept(name, model).json, 'utf8');
}

/** The card for a view, checked. Kept cards are frozen (shared with later renders of the same view). */
export function renderCard(name: string, model: CardViewModel): RenderedCard {
  const entry = expandKept(name, model);
  if (!entry.checked) {
    checkCard(name, entry.card, entry.json);
    entry.checked = true;
  }
  return { card: entry.card, summary: model.summary };
}

/** The checks the Adaptive Cards SDK does not do for us; run on every render. */
export function checkCard(name: string, card: Record<string, unknown>, json = JSON.stringify(card)): void {
  if (card.type !== 'AdaptiveCard') throw new CardRenderError(`${name}: not an AdaptiveCard`);
  const version = Number.parseFloat(String(card.version));
  if (!(version <= MAX_VERSION)) throw new CardRenderError(`${name}: version ${String(card.version)} is above 1.5`);
  if (json.includes('${')) throw new CardRenderError(`${name}: unexpanded template syntax left in the card`);
  if (Buffer.byteLength(json, 'utf8') > MAX_CARD_BYTES) throw new CardRenderError(`${name}: card is over 28 KB`);
  if (typeof card.fallbackText !== 'string' || card.fallbackText.trim() === '') {
    throw new CardRenderError(`${name}: card has no fallbackText`);
  }
}
