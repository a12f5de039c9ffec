/**
 * Turning whatever a user typed into text the recogniser can match safely.
 *
 * Two forms come out of a message:
 * - `clean`: case kept, controls and markup removed, quotes straightened, at most
 *   MAX_RECOGNISED_CHARS long. Dates and free-text reasons are read from this.
 * - `norm`: `clean` lowercased with contractions spelt out, politeness removed and punctuation
 *   reduced to spaces (keeping "&" for "O&S" and "?" as its own word). Intents, people,
 *   committees and indicators are matched on this.
 */

/** Only the start of a long message is recognised; nobody asks a question in 100 KB. */
export const MAX_RECOGNISED_CHARS = 500;

/** How much raw text is looked at before markup is stripped (markup can hide a short question). */
const MAX_RAW_CHARS = 4000;

/**
 * Anything but printable ASCII other than the backtick: text without it needs no Unicode
 * normalisation and holds none of the characters replaced below.
 */
const BEYOND_PLAIN_ASCII = /[^\x20-\x5f\x61-\x7e]/;

const HTML_ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&nbsp;': ' ',
  '&lt;': ' ',
  '&gt;': ' ',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
};

export function cleanText(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  let text = raw.slice(0, MAX_RAW_CHARS);
  // Each step below runs only where it can change something: every message is cleaned.
  if (text.includes('<')) {
    text = text
      .replace(/<at\b[^>]{0,200}>[^<]{0,200}<\/at>/gi, ' ') // a Teams @mention, if still there
      .replace(/<[^<>]{0,300}>/g, ' '); // other markup
  }
  if (text.includes('&'))
    text = text.replace(/&(?:amp|nbsp|lt|gt|quot|#39|apos);/gi, (entity) => HTML_ENTITIES[entity.toLowerCase()] ?? ' ');
  if (BEYOND_PLAIN_ASCII.test(text)) {
    text = text
      .normalize('NFKC')
      .replace(/[\p{Cf}]/gu, '') // zero-width spaces and joiners, bidi marks, BOM
      .replace(/[\p{Cc}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/gu, ' ') // NUL and other controls, lone surrogates
      .replace(/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/\u2026/g, '...');
  }
  text = text.replace(/\s+/g, ' ').trim();
  // A string is never shorter in UTF-16 units than in characters.
  if (text.length <= MAX_RECOGNISED_CHARS) return text;
  const characters = Array.from(text);
  if (characters.length <= MAX_RECOGNISED_CHARS) return text;
  // Cut at the last space before the limit, so no half word ("next m") is left at the end.
  const cut = characters.slice(0, MAX_RECOGNISED_CHARS).join('');
  const lastSpace = cut.lastIndexOf(' ');
  return (lastSpace > MAX_RECOGNISED_CHARS / 2 ? cut.slice(0, lastSpace) : cut).trim();
}

/**
 * Spelt-out forms, applied to lowercased text in this order (longer forms first, so "can't"
 * becomes "cannot" before the general "n't" rule sees it).
 */
export const CONTRACTIONS: readonly (readonly [RegExp, string])[] = [
  [/\b(what|when|who|where|how|there|that|it|he|she)'?s\b/g, '$1 is'],
  [/\bcan'?t\b/g, 'cannot'],
  [/\bwon'?t\b/g, 'will not'],
  [/\bshan'?t\b/g, 'shall not'],
  [/\b(do|does|did|is|are|was|were|have|has|had|could|would|should|must|need)n'?t\b/g, '$1 not'],
  [/\bi'?m\b/g, 'i am'],
  [/\bi'?ve\b/g, 'i have'],
  [/\bi'll\b/g, 'i will'],
  [/\bi'd\b/g, 'i would'],
  [/\b(we|you|they)'re\b/g, '$1 are'],
  [/\b(we|you|they)'ve\b/g, '$1 have'],
  [/\b(we|you|they|he|she|it)'ll\b/g, '$1 will'],
  [/\blet'?s\b/g, 'let us'],
  [/'s\b/g, ''], // possessive: "tuesday's committee" -> "tuesday committee"
  [/s'(?=\s|$)/g, 's'],
];

/** Words that carry no meaning for the recogniser. */
const POLITENESS = /\b(?:please|pls|plz|kindly|thanks|thank you|cheers|ta)\b/g;

/**
 * Whether any contraction rule applies: when none matches the text, none matches after the
 * others either (a rule only changes text it matched), so the rules are skipped.
 */
const ANY_CONTRACTION = new RegExp(CONTRACTIONS.map(([pattern]) => pattern.source).join('|'));

/** Lowercased text with its contractions spelt out ("what's" -> "what is"). */
export function spellOut(lower: string): string {
  if (!ANY_CONTRACTION.test(lower)) return lower;
  let text = lower;
  for (const [pattern, replacement] of CONTRACTIONS) text = text.replace(pattern, replacement);
  return text;
}

export function normaliseText(clean: string): string {
  return spellOut(clean.toLowerCase())
    .replace(POLITENESS, ' ')
    .replace(/\bo\s*(?:&|and|\+)\s*s\b/g, 'o&s')
    .replace(/\bcllrs?\b\.?/g, 'cllr')
    .replace(/\bchildrens\b/g, 'children')
    .replace(/'/g, '')
    .replace(/\?+/g, ' ? ')
    .replace(/[^\p{L}\p{N}&?]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words of normalised text, without the "?" marks. */
export function words(norm: string): string[] {
  return norm.split(' ').filter((w) => w !== '' && w !== '?');
}

/** A name or alias from the data in the same form as normalised text, as words. */
export function phraseWords(phrase: string): string[] {
  return words(normaliseText(cleanText(phrase)));
}
