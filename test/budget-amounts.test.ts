import { formatAmount, formatRoughAmount } from '../bot/features/budget/budget';

/** Amounts said the British way in summaries; the exact figure stays on the card. */
describe('budget amounts, the British way', () => {
  test.each([
    [0, '£0'],
    [9_850, '£9,850'],
    [9_999, '£9,999'],
    [10_000, '£10,000'],
    [89_326, '£89,000'],
    [350_000, '£350,000'],
    [354_812, '£355,000'],
    [755_725, '£756,000'],
    [999_499, '£999,000'],
    [999_500, '£1 million'],
    [999_999, '£1 million'],
    [1_000_000, '£1 million'],
    [1_040_000, '£1 million'],
    [1_092_363, '£1.1 million'],
    [1_234_567, '£1.2 million'],
    [4_595_917, '£4.6 million'],
    [24_058_531, '£24.1 million'],
    [34_465_264, '£34.5 million'],
    [999_949_999, '£999.9 million'],
    [999_950_000, '£1 billion'],
    [1_250_000_000, '£1.3 billion'],
    [-5_063_993, '−£5.1 million'],
    [-78_000, '−£78,000'],
    [-1_500, '−£1,500'],
  ])('When %d pounds is said in a summary, then it reads %s', (amount, said) => {
    expect(formatRoughAmount(amount)).toBe(said);
  });

  test('When an amount is shown exactly, then every pound is kept', () => {
    expect(formatAmount(1_234_567)).toBe('£1,234,567');
    expect(formatAmount(-5_063_993)).toBe('−£5,063,993');
  });
});
