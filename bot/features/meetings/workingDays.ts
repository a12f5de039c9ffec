/**
 * Working days in England and Wales, for the statutory agenda publication deadline
 * (LGA 1972 s100B: papers open to inspection at least five clear days before the meeting,
 * counted by councils as working days). Bank holidays follow the standing rules, with the
 * one-off changes proclaimed since 2000 listed explicitly (source: gov.uk/bank-holidays).
 */
type Iso = string; // YYYY-MM-DD

const MOVED: Record<string, { from: Iso; to: Iso }[]> = {
  // Early May bank holiday moved to VE Day anniversaries.
  '2020': [{ from: '2020-05-04', to: '2020-05-08' }],
  // Spring bank holiday moved for jubilees.
  '2002': [{ from: '2002-05-27', to: '2002-06-04' }],
  '2012': [{ from: '2012-05-28', to: '2012-06-04' }],
  '2022': [{ from: '2022-05-30', to: '2022-06-02' }],
};

const EXTRA: Iso[] = [
  '2002-06-03', // Golden Jubilee
  '2011-04-29', // Royal wedding
  '2012-06-05', // Diamond Jubilee
  '2022-06-03', // Platinum Jubilee
  '2022-09-19', // State funeral of Queen Elizabeth II
  '2023-05-08', // Coronation of King Charles III
];

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date): Iso => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}

function firstMonday(year: number, month: number): Date {
  let d = utc(year, month, 1);
  while (d.getUTCDay() !== 1) d = addDays(d, 1);
  return d;
}

function lastMonday(year: number, month: number): Date {
  let d = addDays(utc(year, month + 1, 1), -1);
  while (d.getUTCDay() !== 1) d = addDays(d, -1);
  return d;
}

const cache = new Map<number, Set<Iso>>();

/** Bank holidays in England and Wales in a year, as YYYY-MM-DD. */
export function bankHolidays(year: number): Set<Iso> {
  const cached = cache.get(year);
  if (cached) return cached;
  const days: Date[] = [];
  // New Year's Day, or the following Monday.
  const ny = utc(year, 1, 1);
  days.push(ny.getUTCDay() === 6 ? utc(year, 1, 3) : ny.getUTCDay() === 0 ? utc(year, 1, 2) : ny);
  const easter = easterSunday(year);
  days.push(addDays(easter, -2), addDays(easter, 1));
  days.push(firstMonday(year, 5), lastMonday(year, 5), lastMonday(year, 8));
  // Christmas and Boxing Day, with substitute days when they fall at a weekend.
  const xmas = utc(year, 12, 25).getUTCDay();
  if (xmas === 6) days.push(utc(year, 12, 27), utc(year, 12, 28));
  else if (xmas === 0) days.push(utc(year, 12, 26), utc(year, 12, 27));
  else if (xmas === 5) days.push(utc(year, 12, 25), utc(year, 12, 28));
  else days.push(utc(year, 12, 25), utc(year, 12, 26));
  const set = new Set(days.map(iso));
  for (const move of MOVED[String(year)] ?? []) {
    set.delete(move.from);
    set.add(move.to);
  }
  for (const extra of EXTRA) if (extra.startsWith(String(year))) set.add(extra);
  cache.set(year, set);
  return set;
}

export function isWorkingDay(date: Iso): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = utc(y, m, d).getUTCDay();
  return day !== 0 && day !== 6 && !bankHolidays(y).has(date);
}

/** The date `n` working days before (n < 0) or after (n > 0) `date`. */
export function addWorkingDays(date: Iso, n: number): Iso {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let cursor = utc(y, m, d);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0;) {
    cursor = addDays(cursor, step);
    if (isWorkingDay(iso(cursor))) left -= 1;
  }
  return iso(cursor);
}

/**
 * The last day an agenda can be published: five clear working days must lie between the
 * publication day and the meeting day (neither counted), so it is the sixth working day before.
 */
export function agendaPublicationDeadline(meetingDate: Iso): Iso {
  return addWorkingDays(meetingDate, -6);
}
