/**
 * Freed blocks wait here, poisoned, before their memory is reused, so a write after free
 * lands in poison and a double free is still recognised. FIFO, bounded by caller bytes.
 */
export class Quarantine<T extends { readonly block: { readonly callerSize: number } }> {
  private queue: T[] = [];
  /** Index of the oldest entry still queued; entries before it have left. */
  private head = 0;
  private bytes = 0;

  constructor(private readonly capacity: number) {}

  /** Queues a freed block; `evict` then gives the blocks pushed out to make room. */
  admit(entry: T): void {
    this.queue.push(entry);
    this.bytes += entry.block.callerSize;
  }

  /** The oldest block, taken out, while the quarantine holds more than its capacity; else undefined. */
  evict(): T | undefined {
    if (this.bytes <= this.capacity) return undefined;
    const oldest = this.queue[this.head++]!;
    this.bytes -= oldest.block.callerSize;
    // Compact now and then, so leaving stays O(1) without the array growing for ever.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return oldest;
  }

  entries(): T[] {
    return this.queue.slice(this.head);
  }
}
