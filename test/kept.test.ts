import { deepFreeze, Kept } from '../bot/kept';

describe('kept results', () => {
  test('When more are kept than the limit, then the least recently used goes first', () => {
    const kept = new Kept<number>(2);
    kept.set('a', 1);
    kept.set('b', 2);
    expect(kept.get('a')).toBe(1); // "a" is now the most recently used
    kept.set('c', 3);
    expect(kept.get('b')).toBeUndefined();
    expect(kept.get('a')).toBe(1);
    expect(kept.get('c')).toBe(3);
  });

  test('When a value is deep-frozen, then nothing in it can be changed', () => {
    const value = deepFreeze({ list: [{ name: 'x' }], inner: { n: 1 } });
    expect(() => value.list.push({ name: 'y' })).toThrow(TypeError);
    expect(() => {
      (value.list[0] as { name: string }).name = 'z';
    }).toThrow(TypeError);
    expect(() => {
      (value.inner as { n: number }).n = 2;
    }).toThrow(TypeError);
  });
});
