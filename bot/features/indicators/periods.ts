import { formatShortDate, londonDate } from '../../format';
import type { Indicator, IndicatorCycle, IndicatorPoint } from '../../store/schema';

/**
 * Reporting periods. Councils report on financial years (1 April to 31 March): "2023/24",
 * quarters of them ("Q3 2023/24" ends 31 December 2023) and calendar months ("March 2024").
 * A period is named one way per cycle, so a figure can be placed after the last one and the next
 * one's due date worked out.
 */
export interface Period {
  /** As shown: "Q4 2023/24", "2023/24", "March 2024". */
  label: string;
  /** The period's last day, YYYY-MM-DD. */
  end: string;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** How indicators of each cycle name their periods, for messages. */
export const PERIOD_EXAMPLES: Record<IndicatorCycle, string> = {
  annual: 'a financial year such as 2023/24',
  quarterly: 'a quarter of a financial year such as Q4 2023/24',
  monthly: 'a month such as March 2024',
};

function lastDay(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "2023/24", "2023-24", "2023/2024" as the financial year starting in April 2023; null otherwise. */
function financialYear(text: string): number | null {
  const m = /^((?:19|20)\d\d)\s*[/-]\s*(\d{2}|\d{4})$/.exec(text);
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]!.length === 2 ? `${String(start + 1).slice(0, 2)}${m[2]}` : m[2]);
  return end === start + 1 ? start : null;
}

const yearLabel = (start: number) => `${start}/${String(start + 1).slice(2)}`;

/** The period `text` names in `cycle`, or null when it names none of that cycle's periods. */
export function parsePeriod(text: string, cycle: IndicatorCycle): Period | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (cycle === 'annual') {
    const start = financialYear(t.replace(/^(?:financial year|fy) /, ''));
    return start === null ? null : { label: yearLabel(start), end: `${start + 1}-03-31` };
  }
  if (cycle === 'quarterly') {
    const m = /^(?:q|quarter )([1-4]) (?:of )?(.+)$/.exec(t);
    const start = m ? financialYear(m[2]!) : null;
    if (!m || start === null) return null;
    const q = Number(m[1]);
    const end = q === 4 ? `${start + 1}-03-31` : lastDay(start, 3 + q * 3);
    return { label: `Q${q} ${yearLabel(start)}`, end };
  }
  const m = /^([a-z]+) ((?:19|20)\d\d)$/.exec(t);
  const month = m ? MONTHS.findIndex((name) => name === m[1] || (m[1]!.length >= 3 && name.startsWith(m[1]!))) : -1;
  if (!m || month < 0) return null;
  const label = `${MONTHS[month]!.charAt(0).toUpperCase()}${MONTHS[month]!.slice(1)} ${m[2]}`;
  return { label, end: lastDay(Number(m[2]), month + 1) };
}

const CYCLE_MONTHS: Record<IndicatorCycle, number> = { annual: 12, quarterly: 3, monthly: 1 };

/** The last day of the period after the one ending `end` (a month end). */
export function nextPeriodEnd(end: string, cycle: IndicatorCycle): string {
  const [y, m] = end.split('-').map(Number) as [number, number];
  const months = y * 12 + (m - 1) + CYCLE_MONTHS[cycle];
  return lastDay(Math.floor(months / 12), (months % 12) + 1);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * When the figure after `latest` is overdue: the day after the next period ends plus the
 * indicator's grace. Null when the indicator has no cycle.
 */
export function nextFigureDue(indicator: Pick<Indicator, 'cycle' | 'graceDays'>, latest: Pick<IndicatorPoint, 'periodEnd'>): string | null {
  if (!indicator.cycle) return null;
  return addDays(nextPeriodEnd(latest.periodEnd, indicator.cycle), indicator.graceDays ?? 0);
}

/** "Possibly out of date" when the next period's figure was due before the clock's London date. */
export function overdueText(indicator: Indicator, latest: IndicatorPoint, now: Date): string {
  const due = nextFigureDue(indicator, latest);
  if (!due || due >= londonDate(now)) return '';
  return `Possibly out of date: the next figure after ${latest.period} was due by ${formatShortDate(due)} and has not been recorded.`;
}
