import { meetingWhen } from '../shared/meetingWhen';
import { listNames } from '../../format';
import type { Meeting, Person } from '../../store/schema';
import type { Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import { INTEREST_KINDS } from '../declarations/declarations';
import { clerkOnly } from '../shared/guards';
import { fitPage, shorten } from '../shared/paging';

/**
 * Draft minutes for the standing items "Apologies for Absence" and "Declaration of Interests",
 * in the style of the council's own minutes, ready for the clerk to copy.
 */
function councillor(person: Person | undefined): string {
  if (!person) return 'an unknown member';
  return person.title === 'Councillor' ? `Councillor ${person.name}` : `${person.title ? `${person.title} ` : ''}${person.name}`;
}

export function apologiesMinute(ctx: QuestionContext, meeting: Meeting): string {
  const sent = ctx.repo
    .apologiesFor(meeting.id)
    .filter((a) => a.status === 'sent')
    .map((a) => ({ member: ctx.repo.person(a.personId), substitute: a.substituteId ? ctx.repo.person(a.substituteId) : undefined }))
    .sort((a, b) => (a.member?.name ?? '').localeCompare(b.member?.name ?? ''));
  if (sent.length === 0) return 'No apologies for absence were received.';
  const lines = [`Apologies for absence were received from ${listNames(sent.map((s) => councillor(s.member)))}.`];
  for (const s of sent.filter((x) => x.substitute)) {
    lines.push(`${councillor(s.substitute)} attended as substitute for ${councillor(s.member)}.`);
  }
  return lines.join(' ');
}

export function declarationsMinute(ctx: QuestionContext, meeting: Meeting): string {
  const declared = ctx.repo.declarationsFor(meeting.id).filter((x) => x.status === 'declared');
  if (declared.length === 0) return 'No interests were declared.';
  const order = new Map(meeting.agendaItems.map((item, i) => [item.number, i]));
  return declared
    .slice()
    .sort((a, b) => (order.get(a.agendaItemNumber) ?? 0) - (order.get(b.agendaItemNumber) ?? 0))
    .map((x) => {
      const item = meeting.agendaItems.find((i) => i.number === x.agendaItemNumber);
      const kind = INTEREST_KINDS.find((k) => k.kind === x.kind)!.label.toLowerCase();
      const left = x.kind === 'disclosable-pecuniary' ? ' and left the room during its consideration' : '';
      return `${councillor(ctx.repo.person(x.personId))} declared a ${kind} in item ${x.agendaItemNumber}${item ? `, ${item.title}` : ''}, as ${x.nature.replace(/[.\s]+$/, '')}${left}.`;
    })
    .join('\n');
}

/** A minute paragraph longer than this continues in the next row (and maybe the next card). */
const PARAGRAPH_PART = 3000;

function paragraphParts(paragraph: string): string[] {
  const parts: string[] = [];
  let rest = paragraph;
  while (rest.length > PARAGRAPH_PART) {
    let cut = rest.lastIndexOf(' ', PARAGRAPH_PART);
    if (cut < PARAGRAPH_PART / 2) cut = PARAGRAPH_PART;
    if (/[\ud800-\udbff]/.test(rest[cut - 1]!)) cut -= 1;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts;
}

/**
 * The draft minutes, a page of paragraphs per card: the text is never shortened (the clerk
 * copies it), so a long draft spans several cards, each ending with "Show more".
 */
export async function minutesText(ctx: QuestionContext, meeting: Meeting, offset: unknown = 0): Promise<Answer> {
  const committee = ctx.repo.committee(meeting.committeeId)!;
  const refused = await clerkOnly(
    ctx,
    committee,
    (clerk) => `Draft minutes text is prepared for the committee's clerk. Please contact ${clerk}.`,
    'For clerks',
  );
  if (refused) return refused;
  const apologies = apologiesMinute(ctx, meeting);
  const declarations = declarationsMinute(ctx, meeting);
  const when = meetingWhen(meeting);
  const itemNo = (title: RegExp) => meeting.agendaItems.find((i) => title.test(i.title))?.number;
  const sections = [
    { heading: `${itemNo(/apolog/i) ?? ''} Apologies for Absence`.trim(), paragraphs: [apologies] },
    { heading: `${itemNo(/declar/i) ?? ''} Declaration of Interests`.trim(), paragraphs: declarations.split('\n') },
  ];
  const rows = sections.flatMap((section) =>
    section.paragraphs.flatMap(paragraphParts).map((text) => ({ heading: section.heading, text })),
  );
  const view = fitPage(
    'minutes-text',
    rows,
    offset,
    () => ({ verb: 'list.more', list: 'minutes', meetingId: meeting.id }),
    (page) => {
      const shown: { heading: string; paragraphs: string[] }[] = [];
      for (const row of page.rows) {
        const last = shown.at(-1);
        if (last && last.heading === row.heading) last.paragraphs.push(row.text);
        else shown.push({ heading: row.heading, paragraphs: [row.text] });
      }
      const continued = page.offset > 0 ? ' (continued)' : '';
      return {
        summary: `Draft minutes for ${committee.name}, ${when}${continued}. ${shorten(`Apologies: ${apologies} Declarations: ${declarations}`, 1000).text}`,
        title: `Draft minutes text${continued}`,
        meeting: `${committee.name}, ${when}`,
        sections: shown,
        note: 'Based on the apologies and declarations recorded through Committee Assistant. Check against what was said at the meeting before publishing.',
        ...page.view,
      };
    },
    20,
  );
  return { template: 'minutes-text', view };
}
