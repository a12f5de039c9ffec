import type { CardViewModel } from '../../cards/render';
import { formatMinutes, listNames } from '../../format';
import type { Repository } from '../../store/repository';
import type { Committee, Person } from '../../store/schema';
import type { Answer } from '../shared/answer';
import type { AskContext } from '../shared/context';
import { asAtLine, committeeForQuestion, sourceLine, theCommittee } from '../meetings/meetings';
import { personLabel } from '../shared/guards';
import { fitPage, shorten } from '../shared/paging';

/**
 * "Who is on the committee?", "Who chairs it?", "Substitutes?", "Co-opted members?", and "Who is
 * the clerk / how do I send apologies?". Names carry their titles ("Councillor Elizabeth Rigby").
 */

export type MembershipPart = 'all' | 'chair' | 'vice-chair' | 'substitutes' | 'co-opted';

export interface MemberRowView {
  name: string;
  detail: string;
  hasDetail: boolean;
}

export interface MembershipSectionView {
  key: 'chair' | 'vice-chair' | 'members' | 'co-opted' | 'substitutes' | 'clerk';
  heading: string;
  /** Container style: "emphasis" for the part asked about, else "default". */
  style: 'emphasis' | 'default';
  highlight: boolean;
  rows: MemberRowView[];
  hasRows: boolean;
  emptyText: string;
}

export interface MembershipView extends CardViewModel {
  title: string;
  headline: string;
  sections: MembershipSectionView[];
  facts: { title: string; value: string }[];
  source: string;
  asAt: string;
  showing: string;
  hasMore: boolean;
  moreLabel: string;
  more: Record<string, unknown> | null;
}

export interface ClerkView extends CardViewModel {
  title: string;
  clerks: MemberRowView[];
  hasClerks: boolean;
  noClerkText: string;
  hasApologiesContact: boolean;
  apologiesLabel: string;
  apologiesEmail: string;
  apologiesMailto: string;
  howToHeading: string;
  howTo: string[];
  options: { label: string; text: string }[];
  source: string;
  asAt: string;
}

/** "Councillor Elizabeth Rigby" */
export function displayName(person: Person | undefined): string {
  return personLabel(person, 'Name not recorded');
}

function membershipQuestion(name: string, part: MembershipPart): string {
  switch (part) {
    case 'chair':
      return `Who chairs ${name}?`;
    case 'vice-chair':
      return `Who is the vice-chair of ${name}?`;
    case 'substitutes':
      return `Who are the substitutes on ${name}?`;
    case 'co-opted':
      return `Who are the co-opted members of ${name}?`;
    case 'all':
      return `Who is on ${name}?`;
  }
}

/** The people with these ids that the records hold, by id (each read once, whatever the repeats). */
export async function peopleByIds(records: Repository, ids: Iterable<string>): Promise<Map<string, Person>> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => records.people.get(id)));
  return new Map(found.filter((p): p is NonNullable<typeof p> => Boolean(p)).map((p) => [p.id, p]));
}

/** The committee's people, by role, from the records. */
async function committeePeople(ctx: AskContext, committee: Committee) {
  const people = await peopleByIds(ctx.records, [
    ...committee.membership.map((m) => m.personId),
    ...committee.substitutes,
    ...committee.clerkIds,
  ]);
  const byRole = (role: 'chair' | 'vice-chair' | 'member' | 'co-opted') =>
    committee.membership.filter((m) => m.role === role).map((m) => ({ membership: m, person: people.get(m.personId) }));
  return {
    chairs: byRole('chair'),
    viceChairs: byRole('vice-chair'),
    members: byRole('member'),
    coOpted: byRole('co-opted'),
    substitutes: committee.substitutes.map((id) => people.get(id)),
    clerks: committee.clerkIds.map((id) => people.get(id)),
  };
}

/** A headline names people when there are this few; longer lists are only on the card's rows. */
const NAMES_IN_HEADLINE = 10;

function row(name: string, detail = ''): MemberRowView {
  const shown = shorten(detail).text;
  return { name: shorten(name, 120).text, detail: shown, hasDetail: shown !== '' };
}

function clerkRow(person: Person | undefined): MemberRowView {
  return row(displayName(person), person?.jobTitle ?? '');
}

/** "Who is on the committee?" and its parts: the whole membership, the part asked about first and highlighted. */
export async function membership(ctx: AskContext, q: { part?: MembershipPart } = {}, offset: unknown = 0): Promise<Answer> {
  const part = q.part ?? 'all';
  const resolved = await committeeForQuestion(ctx, (name) => membershipQuestion(name, part));
  if ('answer' in resolved) return resolved.answer;
  const { committee } = resolved;
  const who = theCommittee(committee);
  const people = await committeePeople(ctx, committee);

  const chairNames = people.chairs.map((c) => displayName(c.person));
  const viceNames = people.viceChairs.map((c) => displayName(c.person));
  const councillorCount = people.chairs.length + people.viceChairs.length + people.members.length;
  const coOptedRows = people.coOpted.map((c) => row(displayName(c.person), c.membership.representing ?? c.person?.organisation ?? ''));
  const substituteNames = people.substitutes.map(displayName);

  let headline: string;
  switch (part) {
    case 'chair':
      headline = chairNames.length > 0 ? `${listNames(chairNames)} chairs ${who}.` : `No chair of ${who} is recorded.`;
      break;
    case 'vice-chair':
      headline = viceNames.length > 0 ? `${listNames(viceNames)} is vice-chair of ${who}.` : `No vice-chair of ${who} is recorded.`;
      break;
    case 'substitutes':
      headline =
        substituteNames.length > 0
          ? `${capitalise(who)} has ${substituteNames.length} substitute${substituteNames.length === 1 ? '' : 's'}${substituteNames.length <= NAMES_IN_HEADLINE ? `: ${listNames(substituteNames)}` : ', listed below'}.`
          : `No substitutes are recorded for ${who}.`;
      break;
    case 'co-opted':
      headline =
        coOptedRows.length > 0
          ? `${capitalise(who)} has ${coOptedRows.length} co-opted representative${coOptedRows.length === 1 ? '' : 's'}${
              coOptedRows.length <= NAMES_IN_HEADLINE
                ? `: ${listNames(coOptedRows.map((r) => (r.hasDetail ? `${r.name} (${r.detail})` : r.name)))}`
                : ', listed below'
            }.`
          : `No co-opted representatives are recorded for ${who}.`;
      break;
    case 'all': {
      const roles = [
        chairNames.length > 0 ? `chair ${listNames(chairNames)}` : '',
        viceNames.length > 0 ? `vice-chair ${listNames(viceNames)}` : '',
      ].filter(Boolean);
      const counts = [
        `${councillorCount} councillor${councillorCount === 1 ? '' : 's'}${roles.length > 0 ? ` (${roles.join(', ')})` : ''}`,
        coOptedRows.length > 0 ? `${coOptedRows.length} co-opted representative${coOptedRows.length === 1 ? '' : 's'}` : '',
        substituteNames.length > 0 ? `${substituteNames.length} substitute${substituteNames.length === 1 ? '' : 's'}` : '',
      ].filter(Boolean);
      headline = `${capitalise(who)} has ${listNames(counts)}. Its quorum is ${committee.quorum}.`;
      break;
    }
  }

  const highlightKey: MembershipSectionView['key'] | null = part === 'all' ? null : part === 'substitutes' ? 'substitutes' : part;
  const section = (
    key: MembershipSectionView['key'],
    heading: string,
    rows: MemberRowView[],
    emptyText: string,
  ): MembershipSectionView => ({
    key,
    heading,
    style: key === highlightKey ? 'emphasis' : 'default',
    highlight: key === highlightKey,
    rows,
    hasRows: rows.length > 0,
    emptyText,
  });
  const sections = [
    section(
      'chair',
      'Chair',
      chairNames.map((n) => row(n)),
      'No chair recorded.',
    ),
    section(
      'vice-chair',
      'Vice-chair',
      viceNames.map((n) => row(n)),
      'No vice-chair recorded.',
    ),
    section(
      'members',
      'Members',
      people.members.map((m) => row(displayName(m.person))),
      'No other members recorded.',
    ),
    section('co-opted', 'Co-opted representatives', coOptedRows, 'No co-opted representatives recorded.'),
    section(
      'substitutes',
      'Substitutes',
      substituteNames.map((n) => row(n)),
      'No substitutes recorded.',
    ),
    section('clerk', 'Clerk', people.clerks.map(clerkRow), 'No clerk recorded.'),
  ];
  // The part asked about comes first; the rest follow in their usual order.
  sections.sort((a, b) => Number(b.highlight) - Number(a.highlight));

  // One entry per person, or one for a section with nobody in it, paged across cards.
  const entries = sections.flatMap<{ sec: MembershipSectionView; row: MemberRowView | null }>((sec) =>
    sec.rows.length > 0 ? sec.rows.map((row) => ({ sec, row })) : [{ sec, row: null }],
  );
  const shortHeadline = shorten(headline, 600).text;
  const view = fitPage<(typeof entries)[number], MembershipView>(
    'membership',
    entries,
    offset,
    () => ({ verb: 'list.more', list: 'membership', committeeId: committee.id, part }),
    (page) => {
      const shown: MembershipSectionView[] = [];
      for (const { sec, row: r } of page.rows) {
        let last = shown.at(-1);
        if (!last || last.key !== sec.key) {
          last = { ...sec, rows: [] };
          shown.push(last);
        }
        if (r) last.rows.push(r);
        last.hasRows = last.rows.length > 0;
      }
      return {
        summary: shortHeadline,
        title: `Membership: ${committee.name}`,
        headline: shortHeadline,
        sections: shown,
        facts: [
          { title: 'Quorum', value: String(committee.quorum) },
          { title: 'Municipal year', value: committee.municipalYear },
        ],
        source: sourceLine(committee.source),
        asAt: asAtLine(ctx.now),
        ...page.view,
      };
    },
    200,
  );
  return { template: 'membership', view };
}

/** "Who is the clerk?", "How do I send apologies?" */
export async function clerk(ctx: AskContext): Promise<Answer> {
  const resolved = await committeeForQuestion(ctx, (name) => `Who is the clerk to ${name}?`);
  if ('answer' in resolved) return resolved.answer;
  const { committee } = resolved;
  const who = theCommittee(committee);
  const people = await peopleByIds(ctx.records, committee.clerkIds);
  const clerks = committee.clerkIds.map((id) => people.get(id)).filter((p): p is Person => Boolean(p));
  const rows = clerks.map(clerkRow);
  const contact = committee.apologiesContact ?? clerks.find((c) => c.email)?.email ?? '';
  const notice = committee.substituteNoticeMinutes;
  const substitutionRule =
    notice > 0
      ? `If a substitute will attend in your place, the clerk must be told at least ${formatMinutes(notice)} before the meeting.`
      : 'If a substitute will attend in your place, tell the clerk before the meeting starts.';

  const clerkSentence =
    rows.length > 0
      ? `The clerk to ${who} is ${listNames(rows.map((r) => (r.hasDetail ? `${r.name}, ${r.detail}` : r.name)))}.`
      : `No clerk to ${who} is recorded.`;
  const apologiesSentence = contact
    ? `Send apologies to ${contact}, or type "send my apologies for the next meeting".`
    : 'To send apologies, type "send my apologies for the next meeting".';

  const view: ClerkView = {
    summary: `${clerkSentence} ${apologiesSentence}`,
    title: `Clerk to ${who}`,
    clerks: rows,
    hasClerks: rows.length > 0,
    noClerkText: 'No clerk is recorded for this committee. Contact Democratic Services.',
    hasApologiesContact: contact !== '',
    apologiesLabel: 'Apologies and queries: ',
    apologiesEmail: contact,
    apologiesMailto: contact ? `mailto:${encodeURI(contact)}` : '',
    howToHeading: 'Sending apologies',
    howTo: [
      'You can send your apologies here: type "send my apologies for the next meeting", or use the button below. You can add a reason and name your substitute.',
      substitutionRule,
    ],
    options: [{ label: 'Send apologies for the next meeting', text: 'send my apologies for the next meeting' }],
    source: sourceLine(committee.source),
    asAt: asAtLine(ctx.now),
  };
  return { template: 'clerk', view };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
