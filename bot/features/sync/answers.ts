import { formatDateTime } from '../../format';
import type { SyncRun } from '../../store/schema';
import { messageAnswer, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import { isClerkOf } from '../shared/guards';
import type { SyncReport } from './engine';

/**
 * Clerks' "sync now" and "sync status": run a sync and say what it changed per committee, or
 * show the last successful sync, what it changed and the last error. Only clerks (of any
 * committee) may ask: the sync is the council's, not one committee's.
 */

/** How long "sync now" waits before answering that the sync goes on in the background. */
export const SYNC_REPLY_WITHIN_MS = 10_000;
/** Committees listed on a card at most (the card stays under 28 KB for a whole council). */
const MAX_COMMITTEE_LINES = 25;
const MAX_NOTE_LINES = 15;

async function clerksOnly(ctx: QuestionContext): Promise<Answer | null> {
  if (ctx.identity.person?.kind === 'clerk') return null;
  const committees = await ctx.records.committees.all();
  if (committees.some((c) => isClerkOf(ctx.identity, c))) return null;
  return messageAnswer('Only a clerk can do that', [
    'Syncing with modern.gov and its status are for clerks. Meetings, agendas and papers are answered from the last sync: ask "when is the next meeting".',
  ]);
}

function notSetUp(): Answer {
  return messageAnswer('modern.gov is not set up', [
    'This bot is not connected to modern.gov: its administrator sets MODERNGOV_URL and MODERNGOV_COMMITTEES (see the README, "Keeping meetings current from modern.gov").',
  ]);
}

/** What a run did to one committee, in a line. */
export function committeeLine(c: SyncRun['committees'][number]): string {
  if (c.outcome === 'failed') return `${c.name}: not synced, last good data kept. ${c.error ?? ''}`.trim();
  const parts = [
    c.created ? `${String(c.created)} created` : '',
    c.updated ? `${String(c.updated)} updated` : '',
    c.cancelled ? `${String(c.cancelled)} cancelled` : '',
    `${String(c.unchanged)} unchanged`,
  ].filter(Boolean);
  return `${c.name}: ${parts.join(', ')}.`;
}

/** What the clerk should look at: moved and vanished meetings (with what is kept for them), unknown roles. */
export function noteLines(run: SyncRun): string[] {
  return run.committees.flatMap((c) => c.notes.filter((n) => /moved|no longer listed|Unknown role/.test(n)).map((n) => `${c.name}: ${n}`));
}

/** Lines saying what a run did, per committee, then notes for the clerk and problems. */
export function runLines(run: SyncRun): string[] {
  const changed = run.committees.filter((c) => c.outcome === 'failed' || c.created + c.updated + c.cancelled > 0);
  const quiet = run.committees.length - changed.length;
  const lines = changed.slice(0, MAX_COMMITTEE_LINES).map(committeeLine);
  if (changed.length > MAX_COMMITTEE_LINES) lines.push(`and ${String(changed.length - MAX_COMMITTEE_LINES)} more committees changed.`);
  if (quiet > 0) lines.push(`${String(quiet)} committee${quiet === 1 ? '' : 's'} unchanged.`);
  const notes = noteLines(run);
  lines.push(...notes.slice(0, MAX_NOTE_LINES));
  if (notes.length > MAX_NOTE_LINES) lines.push(`and ${String(notes.length - MAX_NOTE_LINES)} more notes.`);
  lines.push(...run.problems.map((p) => `Problem: ${p}`));
  return lines;
}

export function describeReport(report: SyncReport): Answer {
  const { run } = report;
  const title = run.ok ? 'Synced with modern.gov' : 'Sync with modern.gov: some problems';
  return messageAnswer(
    title,
    [`From ${run.site}, ${formatDateTime(new Date(run.finishedAt))}.`, ...runLines(run)],
    [{ label: 'Sync status', text: 'sync status' }],
  );
}

export async function syncNow(ctx: QuestionContext, replyWithinMs = SYNC_REPLY_WITHIN_MS): Promise<Answer> {
  const refused = await clerksOnly(ctx);
  if (refused) return refused;
  if (!ctx.sync?.settings) return notSetUp();
  const running = ctx.sync.run('asked');
  let timer: NodeJS.Timeout | undefined;
  const later = new Promise<'later'>((resolve) => {
    timer = setTimeout(() => resolve('later'), replyWithinMs);
  });
  try {
    const report = await Promise.race([running, later]);
    if (report === 'later') {
      running.catch(() => undefined);
      return messageAnswer('Sync with modern.gov under way', [
        'The sync is still running. Ask "sync status" in a minute or two to see what it changed.',
      ]);
    }
    return report ? describeReport(report) : notSetUp();
  } catch (err) {
    return messageAnswer('The sync did not finish', [
      `Nothing more was changed: ${(err as Error).message}`,
      'The last good data is kept. Ask "sync status" for details, or try again later.',
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function syncStatus(ctx: QuestionContext): Promise<Answer> {
  const refused = await clerksOnly(ctx);
  if (refused) return refused;
  const settings = ctx.sync?.settings;
  if (!ctx.sync || !settings) return notSetUp();
  const runs = await ctx.sync.runs();
  const chosen =
    settings.committees === 'all' ? 'every current committee' : `committees ${settings.committees.join(', ') || '(none chosen)'}`;
  const lines = [
    `Site: ${settings.site}; ${chosen}; ${settings.schedule ? `schedule "${settings.schedule}"` : 'no schedule (MODERNGOV_SYNC=off)'}.`,
  ];
  const lastGood = runs.find((r) => r.ok);
  const last = runs[0];
  if (!last) {
    lines.push('No sync has run yet. Say "sync now" to run one.');
    return messageAnswer('Sync status', lines, [{ label: 'Sync now', text: 'sync now' }]);
  }
  lines.push(lastGood ? `Last successful sync: ${formatDateTime(new Date(lastGood.finishedAt))}.` : 'No sync has succeeded yet.');
  const shown = lastGood && lastGood !== last ? [last, lastGood] : [last];
  for (const run of shown) {
    lines.push(`${run === last ? 'Latest run' : 'Last successful run'}, ${formatDateTime(new Date(run.finishedAt))}:`, ...runLines(run));
  }
  const lastError = runs.find((r) => !r.ok);
  if (lastError && lastError !== last) {
    const error = lastError.problems[0] ?? lastError.committees.find((c) => c.error)?.error;
    if (error) lines.push(`Last error (${formatDateTime(new Date(lastError.finishedAt))}): ${error}`);
  }
  const retry = ctx.sync.retryAt();
  if (retry) lines.push(`Next retry: ${formatDateTime(retry)}.`);
  return messageAnswer('Sync status', lines, [{ label: 'Sync now', text: 'sync now' }]);
}
