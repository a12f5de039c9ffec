import { deepFreeze, Kept } from '../bot/kept';
import { copyData } from '../bot/store/copy';

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

  test('When one has to go, then it is the one used longest ago, however often the others were used', () => {
    const kept = new Kept<number>(3);
    kept.set('a', 1);
    kept.set('b', 2);
    kept.set('c', 3);
    expect(kept.get('a')).toBe(1);
    expect(kept.get('b')).toBe(2);
    expect(kept.get('a')).toBe(1);
    kept.set('d', 4); // "c" was used longest ago
    expect(kept.get('c')).toBeUndefined();
    expect([kept.get('a'), kept.get('b'), kept.get('d')]).toEqual([1, 2, 4]);
    kept.set('b', 20); // kept again under a key it holds: nothing else goes
    expect([kept.get('a'), kept.get('b'), kept.get('d')]).toEqual([1, 20, 4]);
  });

  test('When a value is deep-frozen, then nothing in it can be changed', () => {
    const value = deepFreeze({ list: [{ name: 'x' }], inner: { n: 1 } });
    expect(() => value.list.push({ name: 'y' })).toThrow(TypeError);
    expect(() => {
      (value.list[0] as { name: string }).name = 'z';
    }).toThrow(TypeError);
    expect(() => {
      value.inner.n = 2;
    }).toThrow(TypeError);
  });
});

describe('copying records (copyData)', () => {
  test('When a record is copied, then the copy is equal and shares nothing with it', () => {
    const record = {
      id: 'a-1',
      reason: null,
      recordedBy: { personId: 'p', name: 'P' },
      tags: ['x', { y: 1 }],
      onBehalf: false,
      at: undefined,
    };
    const copy = copyData(record);
    expect(copy).toEqual(record);
    expect(Object.keys(copy)).toEqual(Object.keys(record));
    expect(copy.recordedBy).not.toBe(record.recordedBy);
    expect(copy.tags[1]).not.toBe(record.tags[1]);
    record.recordedBy.name = 'changed';
    (record.tags[1] as { y: number }).y = 2;
    expect(copy.recordedBy.name).toBe('P');
    expect(copy.tags[1]).toEqual({ y: 1 });
  });

  test('When a value is not plain data, then it is copied as structuredClone copies it', () => {
    const when = new Date('2023-09-12T18:00:00Z');
    const copy = copyData({ when, names: new Map([['a', 1]]) });
    expect(Object.prototype.toString.call(copy.when)).toBe('[object Date]'); // (jest's realm has its own Date)
    expect(copy.when).not.toBe(when);
    expect(copy.when.getTime()).toBe(when.getTime());
    expect(copy.names.get('a')).toBe(1);
    expect(copyData('text')).toBe('text');
    expect(copyData(null)).toBeNull();
  });
});
