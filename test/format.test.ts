import { daysBetween, formatDate, formatDateTime, formatShortDate, londonDate, londonInstant } from '../bot/format';

/** Dates the British way in Europe/London, whatever the server's zone, asked again and again. */
describe('British dates in London', () => {
  test('When the same dates are formatted repeatedly, then every answer is the same and correct on both sides of the clock change', () => {
    for (let i = 0; i < 3; i += 1) {
      expect(formatDateTime(londonInstant('2023-09-12', '19:00'))).toBe('Tuesday 12 September 2023, 7.00 pm');
      expect(formatDateTime(londonInstant('2023-11-14', '19:00'))).toBe('Tuesday 14 November 2023, 7.00 pm');
      expect(londonInstant('2023-09-12', '19:00').toISOString()).toBe('2023-09-12T18:00:00.000Z');
      expect(londonInstant('2023-11-14', '19:00').toISOString()).toBe('2023-11-14T19:00:00.000Z');
      expect(formatDate('2023-10-29')).toBe('Sunday 29 October 2023');
      expect(formatShortDate('2024-03-31')).toBe('31 March 2024');
      expect(londonDate(new Date('2023-10-28T23:30:00Z'))).toBe('2023-10-29'); // 00.30 BST
      expect(londonDate(new Date('2023-10-29T23:30:00Z'))).toBe('2023-10-29'); // 23.30 GMT
      expect(daysBetween(new Date('2023-10-28T12:00:00Z'), new Date('2023-10-30T12:00:00Z'))).toBe(2);
    }
  });

  test('When a caller changes a Date it was given, then the next answer is not affected', () => {
    const first = londonInstant('2023-09-12', '19:00');
    first.setFullYear(1999);
    const second = londonInstant('2023-09-12', '19:00');
    expect(second).not.toBe(first);
    expect(second.toISOString()).toBe('2023-09-12T18:00:00.000Z');
  });

  test('When a date cannot be read, then it is an invalid date, every time', () => {
    expect(Number.isNaN(londonInstant('not a date').getTime())).toBe(true);
    expect(Number.isNaN(londonInstant('not a date').getTime())).toBe(true);
    expect(() => formatDate(new Date(Number.NaN))).toThrow();
  });
});
