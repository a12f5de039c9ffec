import type { Answer } from './answer';
import type { QuestionContext } from './context';
import { listApologies } from '../apologies/apologies';
import { listDeclarations } from '../declarations/declarations';
import { minutesText } from '../minutes/minutesText';
import { agendaPage } from '../meetings/meetings';
import { membership, type MembershipPart } from '../membership/membership';
import { workProgrammeFor } from '../workProgramme/workProgramme';

/**
 * "Show more" on any list card sends `{ verb: 'list.more', list, offset, ... }`: the list's name
 * and what it was a list of. The list is built again from the store and the page at `offset`
 * shown, with the same permission checks as the first page. Unknown lists and records that no
 * longer exist give null (the caller answers as for any stale button).
 */
type MoreHandler = (ctx: QuestionContext, data: Record<string, unknown>, offset: unknown) => Promise<Answer | null> | Answer | null;

const meetingOf = async (ctx: QuestionContext, data: Record<string, unknown>) =>
  typeof data.meetingId === 'string' ? ((await ctx.records.meetings.get(data.meetingId)) ?? null) : null;

const LISTS: Record<string, MoreHandler> = {
  declarations: async (ctx, data, offset) => {
    const meeting = await meetingOf(ctx, data);
    return meeting ? listDeclarations(ctx, meeting, false, offset) : null;
  },
  myDeclarations: async (ctx, data, offset) => {
    const meeting = await meetingOf(ctx, data);
    return meeting ? listDeclarations(ctx, meeting, true, offset) : null;
  },
  apologies: async (ctx, data, offset) => {
    const meeting = await meetingOf(ctx, data);
    return meeting ? listApologies(ctx, meeting, offset) : null;
  },
  membership: async (ctx, data, offset) => {
    if (typeof data.committeeId !== 'string' || !(await ctx.records.committees.get(data.committeeId))) return null;
    const parts: MembershipPart[] = ['all', 'chair', 'vice-chair', 'substitutes', 'co-opted'];
    const part = parts.find((p) => p === data.part) ?? 'all';
    return membership({ ...ctx, committeeId: data.committeeId }, { part }, offset);
  },
  workProgramme: (ctx, data, offset) => workProgrammeFor(ctx, data.committeeId, data.meetingIds, offset),
  agenda: (ctx, data, offset) => agendaPage(ctx, data.meetingId, offset),
  minutes: async (ctx, data, offset) => {
    const meeting = await meetingOf(ctx, data);
    return meeting ? minutesText(ctx, meeting, offset) : null;
  },
};

/** The page asked for, or null when the list or its record is unknown (a stale or forged button). */
export async function listMore(ctx: QuestionContext, data: Record<string, unknown>): Promise<Answer | null> {
  const name = typeof data.list === 'string' ? data.list : '';
  const handler = Object.hasOwn(LISTS, name) ? LISTS[name] : undefined;
  return (await handler?.(ctx, data, data.offset)) ?? null;
}
