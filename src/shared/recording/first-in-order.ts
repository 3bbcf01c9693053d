/**
 * The first `limit` items in an order, out of any number offered in any order, and one per key
 * (of items sharing a key, the first in the order): what a sort, a dedupe by key and a cut at
 * `limit` would keep, with memory that follows the limit and not the number offered. A
 * max-heap: its top is the last item kept, so an item that comes before it takes its place.
 */
export class FirstInOrder<T> {
  private readonly heap: T[] = [];
  /** Where each keyed item sits in the heap. */
  private readonly slotOfKey = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly compare: (a: T, b: T) => number,
    private readonly keyOf: (item: T) => string | undefined,
  ) {}

  offer(item: T): void {
    const key = this.keyOf(item);
    const slot = key === undefined ? undefined : this.slotOfKey.get(key);
    if (slot !== undefined) {
      // The same key kept already: the earlier of the two stays.
      if (this.compare(item, this.heap[slot]!) < 0) this.siftDown(this.put(slot, item));
    } else if (this.heap.length < this.limit) {
      this.siftUp(this.put(this.heap.length, item));
    } else if (this.limit > 0 && this.compare(item, this.heap[0]!) < 0) {
      const top = this.keyOf(this.heap[0]!);
      if (top !== undefined) this.slotOfKey.delete(top);
      this.siftDown(this.put(0, item));
    }
  }

  /** The items kept, first first. */
  sorted(): T[] {
    return [...this.heap].sort(this.compare);
  }

  private put(slot: number, item: T): number {
    this.heap[slot] = item;
    const key = this.keyOf(item);
    if (key !== undefined) this.slotOfKey.set(key, slot);
    return slot;
  }

  private siftUp(slot: number): void {
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (this.compare(this.heap[slot]!, this.heap[parent]!) <= 0) return;
      this.swap(slot, parent);
      slot = parent;
    }
  }

  private siftDown(slot: number): void {
    for (;;) {
      let last = slot;
      for (const child of [2 * slot + 1, 2 * slot + 2]) {
        if (child < this.heap.length && this.compare(this.heap[child]!, this.heap[last]!) > 0) last = child;
      }
      if (last === slot) return;
      this.swap(slot, last);
      slot = last;
    }
  }

  private swap(a: number, b: number): void {
    const item = this.heap[a]!;
    this.put(a, this.heap[b]!);
    this.put(b, item);
  }
}
