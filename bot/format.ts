import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

/**
 * Dates and times the British way, in Europe/London, whatever the server's time zone:
 * "Tuesday 12 September 2023, 7.00 pm".
 */
export const TIME_ZONE = 'Europe/London';

/**
 * date-fns-tz works out London's offset through Intl for every call (about 5 µs each), and a
 * turn converts the same few instants many times (every meeting's start, when looking for the
 * next one). Results are pure functions of their arguments, so they are kept: formatted
 * instants per pattern by their milliseconds, London wall-clock times by their text. Each table
 * is emptied when it grows past a bound, so memory stays flat however long the bot runs.
 */
const MEMO_LIMIT = 20_000;
const formatted = new Map<string, Map<number, string>>();
const instants = new Map<string, number>();

function remembered<K, V>(table: Map<K, V>, key: K, work: () => V): V {
  const hit = table.get(key);
  if (hit !== undefined) return hit;
  const value = work();
  if (table.size >= MEMO_LIMIT) table.clear();
  table.set(key, value);
  return value;
}

/** formatInTimeZone in London, remembered (see MEMO_LIMIT). */
function formatLondon(value: Date, pattern: string): string {
  const ms = value.getTime();
  if (Number.isNaN(ms)) return formatInTimeZone(value, TIME_ZONE, pattern); // throws as before
  let table = formatted.get(pattern);
  if (table === undefined) formatted.set(pattern, (table = new Map<number, string>()));
  return remembered(table, ms, () => formatInTimeZone(value, TIME_ZONE, pattern));
}

/** "Tuesday 12 September 2023" */
export function formatDate(value: Date | string): string {
  return formatLondon(toInstant(value), 'EEEE d MMMM yyyy');
}

/** "12 September 2023" */
export function formatShortDate(value: Date | string): string {
  return formatLondon(toInstant(value), 'd MMMM yyyy');
}

/** "7.00 pm" */
export function formatTime(value: Date): string {
  return formatLondon(value, 'h.mm aaa');
}

/** "Tuesday 12 September 2023, 7.00 pm" */
export function formatDateTime(value: Date): string {
  return `${formatDate(value)}, ${formatTime(value)}`;
}

/** The London calendar date of an instant, YYYY-MM-DD. */
export function londonDate(value: Date): string {
  return formatLondon(value, 'yyyy-MM-dd');
}

/** The instant of a London wall-clock date and time ("2023-09-12", "19:00"). */
export function londonInstant(date: string, time = '00:00'): Date {
  // A new Date each time: callers may keep or change what they get.
  return new Date(remembered(instants, `${date} ${time}`, () => fromZonedTime(`${date} ${time}`, TIME_ZONE).getTime()));
}

/** A calendar date string (YYYY-MM-DD) read as that day in London; instants pass through. */
function toInstant(value: Date | string): Date {
  if (value instanceof Date) return value;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? londonInstant(value, '12:00') : new Date(value);
}

/** Whole London calendar days from `from` to `to` (0 = same day). */
export function daysBetween(from: Date, to: Date): number {
  const a = londonInstant(londonDate(from), '12:00').getTime();
  const b = londonInstant(londonDate(to), '12:00').getTime();
  return Math.round((b - a) / 86_400_000);
}

/** "£34,465,264" */
export function formatPounds(amount: number): string {
  return `£${amount.toLocaleString('en-GB', { maximumFractionDigits: 2 })}`;
}

/** "1,234.5" */
export function formatNumber(value: number): string {
  return value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

/** "A", "A and B", "A, B and C" */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}

/** "2 hours", "1 hour 30 minutes", "45 minutes" */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [
    hours > 0 ? `${hours} hour${hours === 1 ? '' : 's'}` : '',
    rest > 0 ? `${rest} minute${rest === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.join(' ');
}
