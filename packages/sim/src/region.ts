/**
 * One region of the simulated address space: reserved addresses from a base, mapped up to a
 * top that only grows. Bytes live in 4 KiB pages created on first write; a page that holds
 * one repeated byte is stored as that byte, so filling a large block with a pattern costs
 * nothing until someone writes into it.
 *
 * Everything here works on number offsets from the base: regions are far smaller than
 * 2^53 bytes, so offsets are exact, and number arithmetic is much cheaper than bigint on the
 * allocator's hot paths. Callers check that a range is mapped before touching it.
 */
import { PAGE_SIZE, type Pointer } from '@ddikit/types';

/** A page is real bytes, or one byte repeated over the whole page. Absent pages are zero. */
type Page = Uint8Array | number;

export class Region {
  /** Bytes mapped from the base. */
  private mapped = 0;
  readonly pages = new Map<number, Page>();
  /**
   * The page looked up last, as a memo in front of `pages`: the heap fills and checks the
   * bytes of one block several times in a row, nearly always within one page.
   */
  private memoPage = -1;
  private memoStored: Page | undefined;
  /** The first address past the reservation. */
  readonly end: Pointer;

  constructor(
    readonly name: string,
    readonly base: Pointer,
    /** Bytes of address space set aside for the region. */
    readonly reserved: number,
  ) {
    this.end = base + BigInt(reserved);
  }

  get top(): number {
    return this.mapped;
  }

  /** Maps `size` more bytes and returns their offset, or undefined when the reservation is used up. */
  grow(size: number): number | undefined {
    if (this.mapped + size > this.reserved) return undefined;
    const offset = this.mapped;
    this.mapped += size;
    return offset;
  }

  address(offset: number): Pointer {
    return this.base + BigInt(offset);
  }

  contains(address: Pointer): boolean {
    return address >= this.base && address < this.end;
  }

  /** The address's offset from the base, or undefined when the address is outside the reservation. */
  offsetOf(address: Pointer): number | undefined {
    return this.contains(address) ? Number(address - this.base) : undefined;
  }

  read(offset: number, length: number): Uint8Array {
    const bytes = new Uint8Array(length);
    for (let done = 0; done < length; ) {
      const { page, at, count } = pageSlice(offset + done, length - done);
      const stored = this.page(page);
      if (typeof stored === 'number') bytes.fill(stored, done, done + count);
      else if (stored) bytes.set(stored.subarray(at, at + count), done);
      done += count;
    }
    return bytes;
  }

  write(offset: number, bytes: Uint8Array): void {
    for (let done = 0; done < bytes.length; ) {
      const { page, at, count } = pageSlice(offset + done, bytes.length - done);
      this.materialize(page).set(bytes.subarray(done, done + count), at);
      done += count;
    }
  }

  fill(offset: number, length: number, byte: number): void {
    for (let done = 0; done < length; ) {
      const { page, at, count } = pageSlice(offset + done, length - done);
      if (count === PAGE_SIZE) {
        this.store(page, byte === 0 ? undefined : byte);
      } else {
        this.materialize(page).fill(byte, at, at + count);
      }
      done += count;
    }
  }

  /** How far into the range the first byte that is not `byte` lies, or undefined when all are. */
  findMismatch(offset: number, length: number, byte: number): number | undefined {
    for (let done = 0; done < length; ) {
      const { page, at, count } = pageSlice(offset + done, length - done);
      const stored = this.page(page) ?? 0;
      if (typeof stored === 'number') {
        if (stored !== byte) return done;
      } else {
        for (let i = 0; i < count; i++) if (stored[at + i] !== byte) return done + i;
      }
      done += count;
    }
    return undefined;
  }

  /** Drops every page. */
  release(): void {
    this.pages.clear();
    this.memoPage = -1;
    this.memoStored = undefined;
  }

  private page(page: number): Page | undefined {
    if (this.memoPage !== page) {
      this.memoPage = page;
      this.memoStored = this.pages.get(page);
    }
    return this.memoStored;
  }

  private store(page: number, stored: Page | undefined): void {
    if (stored === undefined) this.pages.delete(page);
    else this.pages.set(page, stored);
    this.memoPage = page;
    this.memoStored = stored;
  }

  private materialize(page: number): Uint8Array {
    const stored = this.page(page);
    if (stored instanceof Uint8Array) return stored;
    const bytes = new Uint8Array(PAGE_SIZE);
    if (stored !== undefined) bytes.fill(stored);
    this.store(page, bytes);
    return bytes;
  }
}

/** The part of [position, position + remaining) that lies in position's page. */
function pageSlice(position: number, remaining: number): { page: number; at: number; count: number } {
  const page = Math.floor(position / PAGE_SIZE);
  const at = position - page * PAGE_SIZE;
  return { page, at, count: Math.min(PAGE_SIZE - at, remaining) };
}
