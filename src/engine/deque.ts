/**
 * An array-backed double-ended queue with O(1) amortised `shift`. The engine's step-back history
 * drops its oldest frame on every new frame once full; `Array.prototype.shift` on a 20,000-frame
 * array moves every element each time, which dominated one-event-frame runs.
 */
export class Deque<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  first(): T | undefined {
    return this.items[this.head];
  }

  last(): T | undefined {
    return this.length > 0 ? this.items[this.items.length - 1] : undefined;
  }

  push(item: T): void {
    this.items.push(item);
  }

  pop(): T | undefined {
    return this.length > 0 ? this.items.pop() : undefined;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    // Compact once the dead prefix is large and at least half the array, so memory stays bounded.
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Keeps only the items matching `keep`, in order (O(n); rare paths only). */
  retain(keep: (item: T) => boolean): void {
    this.items = this.toArray().filter(keep);
    this.head = 0;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  toArray(): T[] {
    return this.items.slice(this.head) as T[];
  }
}
