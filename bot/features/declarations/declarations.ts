import { meetingWhen } from '../shared/meetingWhen';
import { addDays } from 'date-fns';
import { formatDate, formatShortDate, londonDate, londonInstant } from '../../format';
import { isUpcoming } from '../../store/meetingTime';
import type { RecordRepositories, Versioned } from '../../store/repository';
import type { AgendaItem, Declaration, Meeting, Person } from '../../store/schema';
import { messageAnswer, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import { clerkContact, isClerkOf, personLabel, recordableMeeting, recordSubject, refusal, type Refusal } from '../shared/guards';
import { refusalAnswer } from '../apologies/apologies';
import { cleanText } from '../shared/text';
import { sameItemNumber } from '../shared/agendaItems';
import { AGAIN, decideOnFreshRead } from '../shared/decide';
import { fitPage, fullTextData, shorten } from '../shared/paging';

/**
 * Declarations of interest: a statutory record. The member chooses the agenda item and the kind
 * of interest and says what it is; the confirmation tells them, in plain words, what follows.
 * The guidance below is our own summary of the Localism Act 2011 (ss.30-34) and the model code
 * of conduct; the council's Monitoring Officer gives the authoritative advice.
 */
export const MAX_NATURE_LENGTH = 1000;

export type InterestKind = Declaration['kind'];

export const INTEREST_KINDS: { kind: InterestKind; label: string; explanation: string }[] = [
  {
    kind: 'disclosable-pecuniary',
    label: 'Disclosable pecuniary interest',
    explanation:
      "Your (or your spouse or partner's) job, business, contracts, land, tenancies, sponsorship or shares that the item concerns.",
  },
  {
    kind: 'other-registrable',
    label: 'Other registrable interest',
    explanation: 'A body you belong to or manage, such as a charity, a public body or a trade union, that the item concerns.',
  },
  {
    kind: 'non-registrable',
    label: 'Non-registrable interest',
    explanation:
      'Anything else the item affects for you, a relative or a close associate more than most people (also called non-pecuniary).',
  },
];

/** What the member must do, by kind. `deadline` is for a DPI that is not yet on the register. */
export function whatFollows(kind: InterestKind, onRegister: boolean, meeting: Meeting): string[] {
  if (kind === 'disclosable-pecuniary') {
    const lines = [
      'You must not take part in the discussion or vote on this item, and you should leave the room while it is discussed and voted on, unless the Monitoring Officer has given you a dispensation.',
      'Say at the meeting that you have this interest.',
    ];
    if (!onRegister) {
      const deadline = monitoringOfficerDeadline(meeting);
      lines.push(
        `It is not on your register yet: you must tell the Monitoring Officer within 28 days, that is by ${formatDate(deadline)}, unless you have already notified it.`,
      );
    }
    lines.push('Failing to declare a disclosable pecuniary interest, or taking part when you should not, can be a criminal offence.');
    return lines;
  }
  if (kind === 'other-registrable') {
    return [
      'Say at the meeting what the interest is.',
      'If the item is directly about the body concerned (its finances or wellbeing), you may speak only when members of the public may, then take no part in the discussion or vote and leave the room.',
      onRegister ? 'It is on your register.' : 'Make sure it is on your register of interests: changes must be registered within 28 days.',
    ];
  }
  return [
    'Say at the meeting what the interest is, in enough detail for the public to understand it.',
    'If the item is directly about your own finances or wellbeing, or those of a relative or close associate, or affects them more than most people, you may speak only when members of the public may, then take no part and leave the room. Otherwise you may take part and vote.',
    'Ask the Monitoring Officer about predetermination and bias if you are unsure.',
  ];
}

/** 28 days beginning with the day of the meeting at which the interest is disclosed. */
export function monitoringOfficerDeadline(meeting: Meeting): Date {
  return addDays(londonInstant(meeting.date, '12:00'), 27);
}

export interface DeclarationInput {
  meetingId: unknown;
  itemNumber?: unknown;
  kind?: unknown;
  nature?: unknown;
  onRegister?: unknown;
  onBehalfOf?: unknown;
}

type Outcome = Refusal | { kind: 'declared' | 'updated' | 'unchanged'; declaration: Versioned<Declaration>; previous: Declaration | null };

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** A typed request whose change met a newer record and kept doing so (see decideOnFreshRead). */
const busy = (): Refusal =>
  refusal(
    'Please try again',
    'This declaration was being changed by someone else at the same moment, so nothing has been recorded. Please try again.',
  );

const decide = <O>(ctx: QuestionContext, attempt: (records: RecordRepositories) => Promise<O | typeof AGAIN>): Promise<O | Refusal> =>
  decideOnFreshRead(ctx.records, attempt, busy);

export async function declareInterest(ctx: QuestionContext, input: DeclarationInput): Promise<Answer> {
  const kind = INTEREST_KINDS.find((k) => k.kind === input.kind)?.kind;
  const natureRaw = typeof input.nature === 'string' ? cleanText(input.nature, Number.MAX_SAFE_INTEGER) : '';
  if (!kind) return refusalAnswer(refusal('Kind of interest needed', 'Please choose the kind of interest. Nothing has been recorded.'));
  if (natureRaw === '') {
    return refusalAnswer(
      refusal(
        'Say what the interest is',
        'Please describe the nature of the interest, for example "my wife works for the provider". Nothing has been recorded.',
      ),
    );
  }
  if (natureRaw.length > MAX_NATURE_LENGTH) {
    return refusalAnswer(
      refusal(
        'Description too long',
        `Please keep the description to ${MAX_NATURE_LENGTH} characters (yours has ${natureRaw.length}). Nothing has been recorded.`,
      ),
    );
  }
  const onRegister = input.onRegister === true || input.onRegister === 'true';
  const outcome = await decide<Outcome>(ctx, async (records) => {
    const found = await recordableMeeting(records, input.meetingId, ctx.now);
    if (found.kind === 'refused') return found;
    const { meeting, committee } = found;
    const subject = await recordSubject(records, ctx.identity, committee, str(input.onBehalfOf), 'declarations of interest');
    if (subject.kind === 'refused') return subject;
    const typed = str(input.itemNumber);
    const item = typed === null ? undefined : meeting.agendaItems.find((i) => sameItemNumber(i.number, typed));
    if (!item) {
      return refusal(
        'Agenda item not found',
        `Item ${str(input.itemNumber) ?? '(none given)'} is not on the agenda of ${meetingWhen(meeting)}. Nothing has been recorded.`,
        meeting.agendaItems.length
          ? `The items are numbered ${meeting.agendaItems.map((i) => i.number).join(', ')}.`
          : 'Its agenda has not been published yet.',
      );
    }
    const by = { actor: ctx.identity.actor, onBehalfOf: subject.onBehalf ? subject.personId : null };
    const existing = (await records.declarations.forMeeting(meeting.id)).find(
      (d) => d.agendaItemNumber === item.number && d.personId === subject.personId && d.status === 'declared',
    );
    if (existing) {
      if (existing.kind === kind && existing.nature === natureRaw && existing.onRegister === onRegister) {
        return { kind: 'unchanged', declaration: existing, previous: existing };
      }
      const updated = await records.declarations.update(existing.id, existing.version, { kind, nature: natureRaw, onRegister }, by);
      return updated.ok ? { kind: 'updated', declaration: updated.value, previous: existing } : AGAIN;
    }
    const declared = await records.declarations.declare(
      { meetingId: meeting.id, agendaItemNumber: item.number, personId: subject.personId, kind, nature: natureRaw, onRegister },
      by,
    );
    // Refused only when one was declared meanwhile: read and decide again.
    return declared.ok ? { kind: 'declared', declaration: declared.value, previous: null } : AGAIN;
  });
  if (outcome.kind === 'refused') return refusalAnswer(outcome);
  return confirmation(ctx, outcome);
}

/** An item as members may see it: restricted items by number and title only. */
export function itemLabel(item: AgendaItem): string {
  return `Item ${item.number}: ${item.title}${item.restricted ? ' (restricted)' : ''}`;
}

async function confirmation(ctx: QuestionContext, outcome: Exclude<Outcome, Refusal>): Promise<Answer> {
  const d = outcome.declaration;
  const meeting = (await ctx.records.meetings.get(d.meetingId))!;
  const committee = (await ctx.records.committees.get(meeting.committeeId))!;
  const item = meeting.agendaItems.find((i) => i.number === d.agendaItemNumber)!;
  const member = personLabel(await ctx.records.people.get(d.personId));
  const kind = INTEREST_KINDS.find((k) => k.kind === d.kind)!;
  const title = { declared: 'Interest declared', updated: 'Declaration updated', unchanged: 'Declaration already recorded' }[outcome.kind];
  const notes: string[] = [];
  if (outcome.kind === 'updated' && outcome.previous) {
    const prevKind = INTEREST_KINDS.find((k) => k.kind === outcome.previous!.kind)!.label.toLowerCase();
    notes.push(
      `This replaces your earlier declaration for this item (${prevKind}: "${outcome.previous.nature}"), which stays in the record's history.`,
    );
  }
  return {
    template: 'declaration-confirmation',
    view: {
      summary: `${title}: ${member}, ${kind.label.toLowerCase()} in ${itemLabel(item)}, ${committee.name} on ${meetingWhen(meeting)}.`,
      title,
      facts: [
        { title: 'Meeting', value: `${committee.name}, ${meetingWhen(meeting)}` },
        { title: 'Item', value: itemLabel(item) },
        { title: 'Member', value: member },
        { title: 'Kind', value: kind.label },
        { title: 'Nature', value: d.nature },
        { title: 'On register', value: d.onRegister ? 'Yes' : 'No' },
        ...(d.onBehalf ? [{ title: 'Recorded by', value: `${ctx.identity.actor.name ?? 'the clerk'} on behalf of ${member}` }] : []),
      ],
      whatFollows: whatFollows(d.kind, d.onRegister, meeting),
      hasWhatFollows: true,
      withdrawable: false,
      withdrawData: null,
      notes: [...notes, `The clerk, ${await clerkContact(ctx.records, committee)}, will see this declaration.`],
    },
  };
}

/** The "Declare an interest" form for one meeting, optionally prefilled from a typed request. */
export async function declarationForm(
  ctx: QuestionContext,
  meetingId: unknown,
  prefill: { itemNumber?: string; kind?: InterestKind; nature?: string } = {},
): Promise<Answer> {
  const found = await recordableMeeting(ctx.records, meetingId, ctx.now);
  if (found.kind === 'refused') return refusalAnswer(found);
  const { meeting, committee } = found;
  const clerk = isClerkOf(ctx.identity, committee);
  if (!clerk) {
    const subject = await recordSubject(ctx.records, ctx.identity, committee, null, 'declarations of interest');
    if (subject.kind === 'refused') return refusalAnswer(subject);
  }
  if (meeting.agendaItems.length === 0) {
    return messageAnswer('Agenda not published yet', [
      `The agenda for ${meetingWhen(meeting)} has not been published, so there are no items to declare against yet.`,
      'Please try again once the agenda is out.',
    ]);
  }
  // The form offers the stored numbers: a typed "12a" picks the stored "12A".
  const typedNumber = prefill.itemNumber;
  const typedItem = typedNumber ? meeting.agendaItems.find((i) => sameItemNumber(i.number, typedNumber)) : undefined;
  const itemNumber = typedItem?.number ?? '';
  const members = await Promise.all(
    committee.membership.map(async (m) => ({ title: personLabel(await ctx.records.people.get(m.personId)), value: m.personId })),
  );
  return {
    template: 'declaration-form',
    view: {
      summary: `Declare an interest for the ${committee.name} on ${meetingWhen(meeting)}.`,
      title: 'Declare an interest',
      meeting: `${committee.name}, ${meetingWhen(meeting)}`,
      clerk,
      members,
      items: meeting.agendaItems.map((i) => ({ title: itemLabel(i), value: i.number })),
      kinds: INTEREST_KINDS.map((k) => ({ title: `${k.label}: ${k.explanation}`, value: k.kind })),
      maxNature: MAX_NATURE_LENGTH,
      prefill: { itemNumber, kind: prefill.kind ?? '', nature: prefill.nature ?? '' },
      submitData: { verb: 'declaration.submit', meetingId: meeting.id },
      note: 'Not sure? Ask the Monitoring Officer before the meeting. Declaring here records it for the clerk; you still declare it at the meeting.',
    },
  };
}

/** The button data that withdraws one declaration (on a "my declarations" or clerk's list), at the version shown. */
function withdrawData(d: Versioned<Declaration>): Record<string, unknown> {
  return { verb: 'declaration.withdraw', declarationId: d.id, version: d.version };
}

/**
 * Declarations for a meeting, by agenda item (or only the asker's, for "my declarations"),
 * a page at a time. Withdrawn declarations are listed as withdrawn and not counted.
 */
export async function listDeclarations(ctx: QuestionContext, meeting: Meeting, onlyMine: boolean, offset: unknown = 0): Promise<Answer> {
  const committee = (await ctx.records.committees.get(meeting.committeeId))!;
  if (!ctx.identity.person) {
    return messageAnswer('Declarations', [
      `I can only show declarations to people I know. Please contact ${await clerkContact(ctx.records, committee)}.`,
    ]);
  }
  const order = new Map(meeting.agendaItems.map((item, i) => [item.number, i]));
  const listed = (await ctx.records.declarations.forMeeting(meeting.id))
    .filter((x) => order.has(x.agendaItemNumber) && (!onlyMine || x.personId === ctx.personId))
    .map((x, i) => ({ x, i }))
    .sort((a, b) => order.get(a.x.agendaItemNumber)! - order.get(b.x.agendaItemNumber)! || a.i - b.i)
    .map(({ x }) => x);
  const declared = listed.filter((x) => x.status === 'declared').length;
  const withdrawn = listed.length - declared;
  const canWithdraw = (x: Declaration) =>
    x.status === 'declared' && isUpcoming(meeting, ctx.now) && (x.personId === ctx.personId || isClerkOf(ctx.identity, committee));
  const names = new Map<string, Person | undefined>();
  for (const id of new Set(listed.map((x) => x.personId))) names.set(id, await ctx.records.people.get(id));
  const when = meetingWhen(meeting);
  const whose = onlyMine ? 'Your declarations' : 'Declarations of interest';
  const counted = `${declared} ${declared === 1 ? 'declaration' : 'declarations'}${withdrawn > 0 ? ` (${withdrawn} withdrawn, not counted)` : ''}`;
  const view = fitPage(
    'declarations-list',
    listed,
    offset,
    () => ({ verb: 'list.more', list: onlyMine ? 'myDeclarations' : 'declarations', meetingId: meeting.id }),
    (page) => {
      const groups: { item: string; rows: Record<string, unknown>[] }[] = [];
      for (const x of page.rows) {
        const item = meeting.agendaItems.find((i) => i.number === x.agendaItemNumber)!;
        const label = shorten(itemLabel(item)).text;
        const nature = shorten(x.nature);
        const row = {
          member: shorten(personLabel(names.get(x.personId)), 120).text,
          status: x.status === 'withdrawn' ? `Withdrawn ${formatShortDate(londonDate(new Date(x.updatedAt)))}, not counted` : '',
          detail: `${INTEREST_KINDS.find((k) => k.kind === x.kind)!.label}: ${nature.text}${x.onRegister ? ' (on the register)' : ' (not yet on the register)'}`,
          full: nature.shortened ? fullTextData('declaration', x.id, 'nature') : null,
          withdraw: canWithdraw(x) ? withdrawData(x) : null,
        };
        const last = groups.at(-1);
        if (last && last.item === label) last.rows.push(row);
        else groups.push({ item: label, rows: [row] });
      }
      return {
        summary:
          declared === 0
            ? `${whose}: none for the ${committee.name} on ${when}.`
            : `${whose}: ${counted} for the ${committee.name} on ${when}.`,
        title: `${whose}: ${formatShortDate(meeting.date)}`,
        meeting: `${committee.name}, ${when}`,
        empty:
          listed.length === 0
            ? onlyMine
              ? 'You have not declared any interests for this meeting.'
              : 'No interests have been declared for this meeting.'
            : '',
        count: listed.length === 0 ? '' : `${counted}.`,
        groups,
        declareData: { verb: 'declaration.form', meetingId: meeting.id },
        ...page.view,
      };
    },
  );
  return { template: 'declarations-list', view };
}

type WithdrawOutcome =
  | Refusal
  | { kind: 'withdrawn'; declaration: Versioned<Declaration>; onBehalf: boolean }
  /** The card showed an older version: the declaration as it is now, to ask again. */
  | { kind: 'changed'; declaration: Versioned<Declaration> };

/**
 * Withdraw a declaration made in error: the member's own, or a member's by a clerk of the
 * committee. The record stays, marked withdrawn, with the change in the audit trail; it is no
 * longer counted or minuted. Either the declaration's id (a card button, with the version it
 * showed) or the meeting and item (typed) names it. A card whose declaration has changed since
 * it was shown changes nothing: the declaration is shown as it is now and the person asked again.
 */
export async function withdrawDeclaration(
  ctx: QuestionContext,
  input: { declarationId?: unknown; version?: unknown; meetingId?: unknown; itemNumber?: unknown; onBehalfOf?: unknown },
): Promise<Answer> {
  const shown = typeof input.version === 'number' && Number.isInteger(input.version) ? input.version : null;
  const outcome = await decide<WithdrawOutcome>(ctx, async (records) => {
    const byId = typeof input.declarationId === 'string' ? await records.declarations.get(input.declarationId) : undefined;
    if (typeof input.declarationId === 'string' && !byId) {
      return refusal(
        'Declaration not found',
        'I could not find that declaration. Ask for "my declarations" to get a fresh card. Nothing has been changed.',
      );
    }
    const found = await recordableMeeting(records, byId ? byId.meetingId : input.meetingId, ctx.now);
    if (found.kind === 'refused') return found;
    const { meeting, committee } = found;
    const subject = await recordSubject(
      records,
      ctx.identity,
      committee,
      byId ? byId.personId : str(input.onBehalfOf),
      'declarations of interest',
    );
    if (subject.kind === 'refused') return subject;
    if (byId && shown !== null && byId.version !== shown) return { kind: 'changed', declaration: byId };
    const itemNumber = byId ? byId.agendaItemNumber : str(input.itemNumber);
    if (!itemNumber) {
      return refusal(
        'Which item?',
        'Please say which agenda item, for example "withdraw my declaration for item 8". Nothing has been changed.',
      );
    }
    const existing = (await records.declarations.forMeeting(meeting.id)).find(
      (d) =>
        sameItemNumber(d.agendaItemNumber, itemNumber) &&
        d.personId === subject.personId &&
        d.status === 'declared' &&
        (!byId || d.id === byId.id),
    );
    if (!existing) {
      const whose = subject.onBehalf ? `${personLabel(await records.people.get(subject.personId))} has` : 'You have';
      return refusal(
        'No declaration to withdraw',
        `${whose} no declaration recorded for item ${itemNumber} of ${meetingWhen(meeting)}, so there is nothing to withdraw.`,
      );
    }
    const withdrawn = await records.declarations.withdraw(existing.id, existing.version, {
      actor: ctx.identity.actor,
      onBehalfOf: subject.onBehalf ? subject.personId : null,
    });
    if (withdrawn.ok) return { kind: 'withdrawn', declaration: withdrawn.value, onBehalf: subject.onBehalf };
    // Changed meanwhile: a card's request is asked again; a typed one is decided on a fresh read.
    if (shown === null) return AGAIN;
    const now = await records.declarations.get(existing.id);
    return now ? { kind: 'changed', declaration: now } : AGAIN;
  });
  if (outcome.kind === 'refused') return refusalAnswer(outcome);
  const d = outcome.declaration;
  const meeting = (await ctx.records.meetings.get(d.meetingId))!;
  const committee = (await ctx.records.committees.get(meeting.committeeId))!;
  const item = meeting.agendaItems.find((i) => i.number === d.agendaItemNumber);
  const member = personLabel(await ctx.records.people.get(d.personId));
  const clerk = await clerkContact(ctx.records, committee);
  const facts = [
    { title: 'Meeting', value: `${committee.name}, ${meetingWhen(meeting)}` },
    { title: 'Item', value: item ? itemLabel(item) : `Item ${d.agendaItemNumber}` },
    { title: 'Member', value: member },
  ];
  if (outcome.kind === 'changed') {
    const kind = INTEREST_KINDS.find((k) => k.kind === d.kind)!;
    const standing = d.status === 'declared';
    return {
      template: 'declaration-confirmation',
      view: {
        summary: `This declaration has changed: ${member}, item ${d.agendaItemNumber}, ${committee.name} on ${meetingWhen(meeting)}.`,
        title: 'This declaration has changed',
        facts: [
          ...facts,
          { title: 'Kind', value: kind.label },
          { title: 'Nature', value: shorten(d.nature).text },
          { title: 'Status', value: standing ? 'Declared' : 'Withdrawn' },
        ],
        whatFollows: [],
        hasWhatFollows: false,
        notes: [
          standing
            ? 'It was changed after that card was shown, so nothing has been withdrawn. This is how it is recorded now: withdraw it below if you still want to.'
            : 'It was changed after that card was shown and is now withdrawn, so nothing more has been changed.',
        ],
        withdrawable: standing,
        withdrawData: standing ? withdrawData(d) : null,
      },
    };
  }
  return {
    template: 'declaration-confirmation',
    view: {
      summary: `Declaration withdrawn: ${member}, item ${d.agendaItemNumber}, ${committee.name} on ${meetingWhen(meeting)}.`,
      title: 'Declaration withdrawn',
      facts: [
        ...facts,
        { title: 'Nature', value: shorten(d.nature).text },
        ...(outcome.onBehalf ? [{ title: 'Withdrawn by', value: `${ctx.identity.actor.name ?? 'the clerk'} on behalf of ${member}` }] : []),
      ],
      whatFollows: [],
      hasWhatFollows: false,
      notes: [
        'The declaration is kept in the record history, marked withdrawn; it is no longer counted or included in the draft minutes.',
        `If you do have an interest in this item, declare it again. The clerk, ${clerk}, will see this change.`,
      ],
      withdrawable: false,
      withdrawData: null,
    },
  };
}
