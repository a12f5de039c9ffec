/**
 * modern.gov's values as the web service writes them, read into plain ones: dates dd/mm/yyyy,
 * times "10.00 am" (UK local time), booleans "True"/"False", counts with a leading space, empty
 * elements holding only whitespace, and HTML that is entity-encoded, sometimes twice.
 */

/** Element text with surrounding whitespace removed; an element holding only whitespace is null. */
export function textOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** "True" / "False" (any case); anything else is null. */
export function booleanOf(value: unknown): boolean | null {
  const text = textOf(value)?.toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return null;
}

/** " 2" → 2; not a whole number → null. */
export function countOf(value: unknown): number | null {
  const text = textOf(value);
  return text !== null && /^\d+$/.test(text) ? Number.parseInt(text, 10) : null;
}

/** "13/01/2026" → "2026-01-13"; not a real calendar date → null. */
export function dateOf(value: unknown): string | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(textOf(value) ?? '');
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "2026-01-13" → "13/01/2026", as GetMeetings' sFromDate/sToDate want it. */
export function moderngovDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day!}/${month!}/${year!}`;
}

/**
 * "10.00 am", "2.30pm", "12 noon", "19:00" → "HH:mm" in the clock of Europe/London (which is
 * what modern.gov writes); empty or unreadable → null (time to be confirmed, never midnight).
 */
export function timeOf(value: unknown): string | null {
  const text = textOf(value)?.toLowerCase().replace(/\s+/g, ' ');
  if (!text) return null;
  if (/^12(?:[.:]00)? ?noon$/.test(text) || text === 'noon' || text === 'midday') return '12:00';
  const match = /^(\d{1,2})(?:[.:](\d{2}))? ?(am|pm|a\.m\.|p\.m\.)?$/.exec(text);
  if (!match) return null;
  let hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  const half = match[3]?.replace(/\./g, '');
  if (minutes > 59) return null;
  if (half) {
    if (hours < 1 || hours > 12) return null;
    if (half === 'am' && hours === 12) hours = 0;
    if (half === 'pm' && hours !== 12) hours += 12;
  } else if (hours > 23 || match[2] === undefined) {
    return null;
  }
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  pound: '£',
  euro: '€',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  deg: '°',
  frac12: '½',
  frac14: '¼',
  frac34: '¾',
};

/** Decodes one level of HTML character references; unknown ones are left as written. */
function decodeEntitiesOnce(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

const BLOCK_TAGS = /<\s*\/?\s*(?:p|div|br|li|ul|ol|tr|table|h[1-6]|blockquote)\b[^>]*>/gi;

/**
 * HTML from modern.gov as plain text: character references decoded (repeatedly, since some
 * sites encode twice), tags removed with paragraphs and line breaks kept as single line breaks, spaces
 * collapsed. What is left is text only: a card shows it as typed, never as markup.
 */
export function plainTextOf(value: unknown): string | null {
  let text = textOf(value);
  if (text === null) return null;
  for (let i = 0; i < 3 && /&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/i.test(text); i += 1) {
    const decoded = decodeEntitiesOnce(text);
    if (decoded === text) break;
    text = decoded;
  }
  const plain = text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\s*(script|style)\b[\s\S]*?<\s*\/\s*\1\s*>/gi, '')
    .replace(BLOCK_TAGS, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/[ \t\r\f\v\u00a0]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n')
    .trim();
  return plain === '' ? null : plain;
}

/** An attendee's role description read as a committee role; `known` false when it had to be guessed. */
export type AttendeeRole = 'chair' | 'vice-chair' | 'member' | 'co-opted' | 'substitute' | 'officer';

export function roleOf(description: string | null): { role: AttendeeRole; known: boolean } {
  const text = (description ?? '').toLowerCase();
  if (/vice[\s-]*chair/.test(text)) return { role: 'vice-chair', known: true };
  if (/\bchair/.test(text)) return { role: 'chair', known: true };
  if (/co-?\s*opted/.test(text)) return { role: 'co-opted', known: true };
  if (/substitute|reserve|deputy/.test(text)) return { role: 'substitute', known: true };
  if (/officer|clerk|advis[eo]r|democratic services|legal|secretary/.test(text)) return { role: 'officer', known: true };
  if (/member/.test(text)) return { role: 'member', known: true };
  return { role: 'member', known: false };
}

/** How modern.gov recorded an attendee's attendance once the meeting is over. */
export type Attendance = 'expected' | 'present' | 'apologies' | 'absent' | 'in-attendance' | 'unknown';

export function attendanceOf(value: string | null): Attendance {
  const text = (value ?? '').toLowerCase();
  if (text === '' || text === 'expected') return 'expected';
  if (/apolog/.test(text)) return 'apologies';
  if (/in attendance/.test(text)) return 'in-attendance';
  if (/present|attended/.test(text)) return 'present';
  if (/absent|did not attend/.test(text)) return 'absent';
  return 'unknown';
}

const TITLES = [
  'county councillor',
  'councillor',
  'cllr',
  'alderman',
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'professor',
  'prof',
  'reverend',
  'rev',
  'canon',
  'sir',
  'dame',
  'lord',
  'lady',
  'baroness',
];
const TITLE_PATTERN = new RegExp(`^(?:(${TITLES.join('|')})\\.?\\s+)+`, 'i');

/** "Councillor Basil Curley" → { title: "Councillor", name: "Basil Curley" }. */
export function splitTitle(fullName: string): { title: string | null; name: string } {
  const clean = fullName.replace(/\s+/g, ' ').trim();
  const match = TITLE_PATTERN.exec(clean);
  if (!match || match[0].trim() === clean) return { title: null, name: clean };
  const title = match[0].trim().replace(/\.$/, '');
  const normal = /^cllr$/i.test(title) ? 'Councillor' : title;
  return { title: normal, name: clean.slice(match[0].length).trim() };
}

/** A name for matching: titles, honours after a comma, punctuation and case ignored. */
export function nameKey(fullName: string): string {
  return splitTitle(fullName)
    .name.replace(/,.*$/, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
