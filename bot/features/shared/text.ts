/**
 * Free text from users is kept as typed, within limits: control characters (other than line
 * breaks and tabs) are removed and the length is capped, so stored records stay readable and
 * the store stays small.
 */
export const MAX_QUESTION_LENGTH = 2000;

export function cleanText(text: string, max = MAX_QUESTION_LENGTH): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point of this pattern
  const stripped = text.normalize('NFC').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  return stripped.trim().slice(0, max);
}
