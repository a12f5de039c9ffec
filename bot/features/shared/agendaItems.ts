/**
 * How a card button names one agenda item: its meeting's id and the item's number,
 * "childrens-os-2023-09-12#7". Agenda items have no id of their own; a meeting's item numbers are
 * unique within it. Meeting ids are the bot's own and hold no "#", so the first "#" separates the
 * two whatever the papers number an item.
 */
export function agendaItemRef(meetingId: string, number: string): string {
  return `${meetingId}#${number}`;
}

export function parseAgendaItemRef(ref: string): { meetingId: string; number: string } | null {
  const cut = ref.indexOf('#');
  return cut > 0 ? { meetingId: ref.slice(0, cut), number: ref.slice(cut + 1) } : null;
}

/**
 * The form of an item number that two spellings of the same number share: case, spaces, brackets
 * and modern.gov's trailing full stop aside ("6(a)", "6 (A)" and "6a"; "9." and "9"). Digits and
 * inner full stops are kept, so "5.1" is never "5.10" and "5" never "5.1".
 */
function itemNumberKey(number: string): string {
  return number
    .toLowerCase()
    .replace(/[\s()]+/g, '')
    .replace(/\.$/, '');
}

/** Whether two item numbers name the same item (see itemNumberKey). */
export function sameItemNumber(a: string, b: string): boolean {
  return itemNumberKey(a) === itemNumberKey(b);
}
