/**
 * The simulated address space: fixed regions of reserved addresses, each mapped from its
 * base up to a top that only grows. Bytes live in 4 KiB pages created on first write; a
 * page that holds one repeated byte is stored as that byte, so filling a large block with a
 * pattern costs nothing until someone writes into it.
 */
import { PAGE_SIZE, formatPointer, type Pointer } from '@ddikit/types';

/** A page is real bytes, or one byte repeated over the whole page. Absent pages are zero. */
type Page = Uint8Array | number;

export class Region {
  /** Bytes mapped from the base. */
  private mapped = 0;
  readonly pages = new Map<number, Page>();

  constructor(
    readonly name: string,
    readonly base: Pointer,
    /** Bytes of address space set aside for the region. */
    readonly reserved: number,
  ) {}

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
    return address >= this.base && address < this.base + BigInt(this.reserved);
  }
}

interface Chunk {
  page: number;
  /** Offset inside the page. */
  at: number;
  count: number;
  /** Offset inside the access. */
  done: number;
}

function* chunks(offset: number, length: number): Generator<Chunk> {
  for (let done = 0; done < length; ) {
    const position = offset + done;
    const page = Math.floor(position / PAGE_SIZE);
    const at = position - page * PAGE_SIZE;
    const count = Math.min(PAGE_SIZE - at, length - done);
    yield { page, at, count, done };
    done += count;
  }
}

export class AddressSpace {
  private readonly regions: Region[] = [];

  addRegion(name: string, base: Pointer, reserved: number): Region {
    const region = new Region(name, base, reserved);
    this.regions.push(region);
    return region;
  }

  isMapped(address: Pointer, length: number): boolean {
    const region = this.regions.find((r) => r.contains(address));
    return region !== undefined && address + BigInt(length) <= region.address(region.top);
  }

  read(address: Pointer, length: number): Uint8Array {
    const { region, offset } = this.locate(address, length, 'reading');
    const bytes = new Uint8Array(length);
    for (const { page, at, count, done } of chunks(offset, length)) {
      const stored = region.pages.get(page);
      if (typeof stored === 'number') bytes.fill(stored, done, done + count);
      else if (stored) bytes.set(stored.subarray(at, at + count), done);
    }
    return bytes;
  }

  write(address: Pointer, bytes: Uint8Array): void {
    const { region, offset } = this.locate(address, bytes.length, 'writing');
    for (const { page, at, count, done } of chunks(offset, bytes.length)) {
      materialize(region, page).set(bytes.subarray(done, done + count), at);
    }
  }

  fill(address: Pointer, length: number, byte: number): void {
    const { region, offset } = this.locate(address, length, 'writing');
    for (const { page, at, count } of chunks(offset, length)) {
      if (count === PAGE_SIZE) {
        if (byte === 0) region.pages.delete(page);
        else region.pages.set(page, byte);
      } else {
        materialize(region, page).fill(byte, at, at + count);
      }
    }
  }

  /** The offset of the first byte in the range that is not `byte`, or undefined when all are. */
  findMismatch(address: Pointer, length: number, byte: number): number | undefined {
    const { region, offset } = this.locate(address, length, 'reading');
    for (const { page, at, count, done } of chunks(offset, length)) {
      const stored = region.pages.get(page) ?? 0;
      if (typeof stored === 'number') {
        if (stored !== byte) return done;
        continue;
      }
      for (let i = 0; i < count; i++) if (stored[at + i] !== byte) return done + i;
    }
    return undefined;
  }

  /** Drops every page: the backend is closed. */
  release(): void {
    for (const region of this.regions) region.pages.clear();
  }

  private locate(address: Pointer, length: number, access: 'reading' | 'writing'): { region: Region; offset: number } {
    const region = this.regions.find((r) => r.contains(address));
    if (!region || !this.isMapped(address, length)) {
      const end = region ? region.address(region.top) : address;
      const faulting = address < end ? end : address;
      throw new Error(`access violation ${access} ${formatPointer(faulting)}`);
    }
    return { region, offset: Number(address - region.base) };
  }
}

function materialize(region: Region, page: number): Uint8Array {
  const stored = region.pages.get(page);
  if (stored instanceof Uint8Array) return stored;
  const bytes = new Uint8Array(PAGE_SIZE);
  if (stored !== undefined) bytes.fill(stored);
  region.pages.set(page, bytes);
  return bytes;
}
