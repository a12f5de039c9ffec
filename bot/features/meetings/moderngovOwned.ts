import type { Committee } from '../../store/schema';
import type { Answer } from '../shared/answer';

/**
 * Ownership of a synced committee (one carrying `moderngov`): its meetings, agendas and
 * membership come from modern.gov, and the sync keeps them as modern.gov has them, so a clerk's
 * change in Teams would be contradicted or silently undone there. Those commands answer that
 * the change is made in modern.gov, with a link, and record nothing. Apologies, declarations,
 * actions, reminders and channel links are the bot's own and are not affected.
 *
 * `change` names what was asked, as the start of a sentence ("Adding a meeting").
 */
export function managedInModernGov(committee: Committee, change: string): Answer | null {
  if (!committee.moderngov) return null;
  const url = [committee.moderngov.url, committee.moderngov.site].find(isWebAddress);
  const lines = [
    `${change} for the ${committee.name} is done in modern.gov, where its meetings and agendas are kept; I take them from there. Nothing has been changed here.`,
    url ? `modern.gov: ${url}` : 'Please make the change in modern.gov.',
    'Apologies, declarations, actions, reminders and channel links are still kept here.',
  ];
  return {
    template: 'managed-in-moderngov',
    view: {
      summary: `Managed in modern.gov. ${lines.join(' ')}`,
      title: 'Managed in modern.gov',
      lines,
      links: url ? [{ label: 'Open in modern.gov', url }] : [],
    },
  };
}

/** Only an http(s) address is offered as a link (a card's Open button takes nothing else). */
function isWebAddress(value: string | undefined): value is string {
  if (!value) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
