import { messageAnswer, type Answer } from '../shared/answer';
import type { QuestionContext } from '../shared/context';
import { clerkContact, committeeOf, isClerkOf } from '../shared/guards';
import { sitsOn } from './alerts';

/**
 * Members opt in and out of alerts in their personal chat: "alert me when papers are published",
 * "stop alerts". Alerts come to the chat they asked in, so they are asked for there; a guest is
 * told how to be recognised; every subscription and its end are audited.
 */
const WHAT =
  'when its agenda or papers are published, when a meeting is moved, changes venue or is cancelled, and when minutes are published';

function inPersonalChatOnly(ctx: QuestionContext, say: string): Answer | null {
  if (ctx.conversation.type === 'personal') return null;
  return messageAnswer('Ask me in a personal chat', [
    `Alerts come to you in your personal chat with me, not here. Open a chat with Committee Assistant and say "${say}" there.`,
  ]);
}

/** "alert me when papers are published": members and substitutes of the committee, for themselves. */
export async function subscribeAlerts(ctx: QuestionContext): Promise<Answer> {
  const committee = await committeeOf(ctx);
  const person = ctx.identity.person;
  if (!person) {
    return messageAnswer('I do not know who you are yet', [
      ctx.identity.claim
        ? 'I have asked the clerk to confirm that this Teams account is yours. Until they do, I cannot set up alerts for you.'
        : `Alerts are for members of the ${committee.name}, and I could not match your Teams account to a member.`,
      `Please contact ${await clerkContact(ctx.records, committee)}, who can link your account.`,
    ]);
  }
  const elsewhere = inPersonalChatOnly(ctx, 'alert me when papers are published');
  if (elsewhere) return elsewhere;
  if (!sitsOn(person.id, committee)) {
    return messageAnswer('Alerts are for members', [
      `Alerts about the ${committee.name} are for its members and substitutes, and you are not one of them.`,
      isClerkOf(ctx.identity, committee)
        ? `As its clerk, link the committee's channel ("link this channel to ${committee.name}") and alerts will be posted there.`
        : `Its papers are published on the council's website; ${await clerkContact(ctx.records, committee)} can tell you more.`,
    ]);
  }
  const existing = await ctx.records.alertSubscriptions.of(person.id, committee.id);
  const already = messageAnswer('Alerts already on', [
    `You already get alerts about the ${committee.name} here. Say "stop alerts" to turn them off.`,
  ]);
  if (existing?.active) return already;
  const result = await ctx.records.alertSubscriptions.subscribe(person.id, committee.id, { actor: ctx.identity.actor });
  if (!result.ok) return already;
  return messageAnswer('Alerts on', [
    `I will message you here about the ${committee.name} ${WHAT}.`,
    'Say "stop alerts" to turn them off.',
  ]);
}

/** "stop alerts": ends the asker's alerts, for the committee named or else for every committee. */
export async function unsubscribeAlerts(ctx: QuestionContext, namedCommitteeId: string | undefined): Promise<Answer> {
  const person = ctx.identity.person;
  if (!person) {
    return messageAnswer('No alerts to stop', ['I do not know who you are yet, so you get no alerts from me.']);
  }
  const elsewhere = inPersonalChatOnly(ctx, 'stop alerts');
  if (elsewhere) return elsewhere;
  const mine = (await ctx.records.alertSubscriptions.active()).filter(
    (s) => s.personId === person.id && (namedCommitteeId === undefined || s.committeeId === namedCommitteeId),
  );
  if (mine.length === 0) {
    const named = namedCommitteeId ? await ctx.records.committees.get(namedCommitteeId) : undefined;
    return messageAnswer('No alerts to stop', [
      `You do not get alerts${named ? ` about the ${named.name}` : ''} from me. Say "alert me when papers are published" to start them.`,
    ]);
  }
  const stopped: string[] = [];
  for (const subscription of mine) {
    const result = await ctx.records.alertSubscriptions.unsubscribe(subscription.id, subscription.version, { actor: ctx.identity.actor });
    if (result.ok) stopped.push((await ctx.records.committees.get(subscription.committeeId))?.name ?? subscription.committeeId);
  }
  if (stopped.length === 0) return messageAnswer('No alerts to stop', ['Your alerts were already stopped.']);
  return messageAnswer('Alerts stopped', [
    `You will no longer get alerts about the ${stopped.join(' or the ')}.`,
    'Say "alert me when papers are published" to start them again.',
  ]);
}
