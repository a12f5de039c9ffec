import { cardBytes, MAX_CARD_BYTES, type CardViewModel } from '../../cards/render';

/**
 * One way for every list card to stay under Teams' 28 KB limit whatever is stored: rows are
 * shown a page at a time with a "Show more" button, and a long field is shortened on the card
 * with a "Full text" button one click away. A page holds as many rows as fit, up to `perPage`,
 * and never fewer than one; the next page starts where this one ended, so paging reaches every
 * row exactly once while the list is unchanged.
 */

/** Characters of a stored field shown on a list card before it is shortened. */
export const SHORT_FIELD = 280;
/** Rows on one card at most. */
export const PER_PAGE = 10;
/** Room left under the limit for what Teams adds around the card. */
const HEADROOM = 512;

export interface PageView {
  /** "Showing 11 to 20 of 23." or '' when everything is on this card. */
  showing: string;
  hasMore: boolean;
  /** "Show more (21 to 23 of 23)" */
  moreLabel: string;
  /** What the "Show more" button sends back (the caller's data plus the next offset). */
  more: Record<string, unknown> | null;
}

export interface Page<R> {
  rows: readonly R[];
  offset: number;
  end: number;
  total: number;
  view: PageView;
}

export interface Shortened {
  text: string;
  shortened: boolean;
}

/** The text as stored, or its start (cut at a word where one is near) followed by an ellipsis. */
export function shorten(text: string, max = SHORT_FIELD): Shortened {
  if (text.length <= max) return { text, shortened: false };
  let cut = text.slice(0, max);
  // Never split a surrogate pair.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.search(/\s\S*$/);
  if (space > max * 0.6) cut = cut.slice(0, space);
  return { text: `${cut.trimEnd()}…`, shortened: true };
}

/**
 * A requested offset from a button, made safe for a list of `total` rows: past the end (the list
 * has shrunk since the card was sent) means the last page.
 */
export function safeOffset(requested: unknown, total: number, perPage = PER_PAGE): number {
  const n = typeof requested === 'number' ? requested : typeof requested === 'string' ? Number.parseInt(requested, 10) : 0;
  if (!Number.isInteger(n) || n < 0 || n >= 100_000 || total === 0) return 0;
  return n < total ? n : Math.floor((total - 1) / perPage) * perPage;
}

function pageOf<R>(rows: readonly R[], offset: number, count: number, more: (offset: number) => Record<string, unknown>): Page<R> {
  const total = rows.length;
  const page = rows.slice(offset, offset + count);
  const end = offset + page.length;
  const hasMore = end < total;
  return {
    rows: page,
    offset,
    end,
    total,
    view: {
      showing: total > page.length ? `Showing ${offset + 1} to ${end} of ${total}.` : '',
      hasMore,
      moreLabel: hasMore ? `Show more (from ${end + 1} of ${total})` : '',
      more: hasMore ? { ...more(end), offset: end } : null,
    },
  };
}

/**
 * The view for the page of `rows` starting at `offset` that fits on one card: `perPage` rows if
 * they fit, else fewer (halving), down to one row. `more(offset)` is the button data that asks
 * for the page at `offset` (its verb and whatever names the list); `build` makes the view.
 */
export function fitPage<R, V extends CardViewModel>(
  template: string,
  rows: readonly R[],
  offset: unknown,
  more: (offset: number) => Record<string, unknown>,
  build: (page: Page<R>) => V,
  perPage = PER_PAGE,
): V {
  const start = safeOffset(offset, rows.length, perPage);
  let count = Math.max(1, perPage);
  for (;;) {
    const view = build(pageOf(rows, start, count, more));
    if (count === 1 || cardBytes(template, view) < MAX_CARD_BYTES - HEADROOM) return view;
    count = Math.max(1, Math.floor(count / 2));
  }
}

/** Button data that opens the full text of one stored field (see fullText.ts). */
export function fullTextData(record: FullTextRecord, id: string, field: string): Record<string, unknown> {
  return { verb: 'text.full', record, id, field };
}

export type FullTextRecord = 'declaration' | 'apology' | 'action' | 'agendaItem' | 'workItem' | 'minutes';
