import { describe, expect, it } from 'vitest';
import { nextRowKeys, NO_ROW_KEYS } from '../../../src/panel/log/row-keys';

const counter = (from = 100) => { let n = from; return () => n++; };

describe('row keys', () => {
  it('rows that stay keep their keys; rows that come in take the keys that left, in their order', () => {
    const first = nextRowKeys(NO_ROW_KEYS, 10, 15, counter(0));
    expect(first).toEqual({ start: 10, keys: [0, 1, 2, 3, 4] });
    // Two rows down: the two at the top leave, their keys go to the two new rows at the bottom.
    expect(nextRowKeys(first, 12, 17, counter()).keys).toEqual([2, 3, 4, 0, 1]);
    // One row up: the bottom row's key goes to the new top row.
    expect(nextRowKeys(first, 9, 14, counter()).keys).toEqual([4, 0, 1, 2, 3]);
  });

  it('a jump past the whole window keeps the keys in their order', () => {
    const first = nextRowKeys(NO_ROW_KEYS, 0, 4, counter(0));
    expect(nextRowKeys(first, 1_000, 1_004, counter()).keys).toEqual([0, 1, 2, 3]);
    expect(nextRowKeys(first, 7, 11, counter()).keys).toEqual([0, 1, 2, 3]);
  });

  it('a longer window adds new keys, a shorter one drops the keys it does not need', () => {
    const first = nextRowKeys(NO_ROW_KEYS, 0, 3, counter(0));
    expect(nextRowKeys(first, 0, 5, counter()).keys).toEqual([0, 1, 2, 100, 101]);
    expect(nextRowKeys(first, 50, 52, counter()).keys).toEqual([0, 1]);
    expect(nextRowKeys(first, 0, 0, counter()).keys).toEqual([]);
  });
});
