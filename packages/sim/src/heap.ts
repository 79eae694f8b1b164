/**
 * Block placement over the heap region, first fit with coalescing, and the verifier's
 * layout of a block: 16 front guard bytes, the caller's bytes, then at least 16 back guard
 * bytes, the caller's address 16-byte aligned. Blocks are addressed by their offset in the
 * heap region, so checking and filling them needs no bigint arithmetic.
 */
import type { Pointer } from '@ddikit/types';
import { roundUp } from './arguments.js';
import type { Region } from './region.js';

export const GUARD_SIZE = 16;
const ALIGNMENT = 16;

/** The byte patterns of the verified heap, as Driver Verifier and the CRT debug heap use them. */
export const Pattern = {
  GUARD: 0xfd,
  FRESH: 0xcd,
  POISON: 0xdd,
} as const;

export interface HeapBlock {
  /** The caller's address. */
  readonly address: Pointer;
  /** The caller's address as an offset in the region. */
  readonly offset: number;
  /** The caller's bytes. */
  readonly callerSize: number;
  /** Where the block, front guard included, starts in the region. */
  readonly spanOffset: number;
  readonly spanSize: number;
}

/** Damage found in a block's bytes: offset of the first damaged byte from the caller's address. */
export interface Damage {
  where: 'front' | 'back' | 'poison';
  offset: number;
}

interface Span {
  offset: number;
  size: number;
}

export class Heap {
  /** Free spans below the region's top, sorted by offset, never adjacent (they coalesce). */
  private readonly free: Span[] = [];

  constructor(private readonly region: Region) {}

  /** Places a fresh block (guards set, caller bytes 0xCD), or undefined when the region is full. */
  allocate(callerSize: number): HeapBlock | undefined {
    const spanSize = GUARD_SIZE + roundUp(callerSize + GUARD_SIZE, ALIGNMENT);
    const spanOffset = this.take(spanSize);
    if (spanOffset === undefined) return undefined;
    const offset = spanOffset + GUARD_SIZE;
    const block = { address: this.region.address(offset), offset, callerSize, spanOffset, spanSize };
    this.region.fill(spanOffset, GUARD_SIZE, Pattern.GUARD);
    this.region.fill(offset, callerSize, Pattern.FRESH);
    this.region.fill(backGuardOffset(block), backGuardSize(block), Pattern.GUARD);
    return block;
  }

  /** Damaged guard bytes, front then back. */
  guardDamage(block: HeapBlock): Damage[] {
    const damage: Damage[] = [];
    const front = this.region.findMismatch(block.spanOffset, GUARD_SIZE, Pattern.GUARD);
    if (front !== undefined) damage.push({ where: 'front', offset: front - GUARD_SIZE });
    const back = this.region.findMismatch(backGuardOffset(block), backGuardSize(block), Pattern.GUARD);
    if (back !== undefined) damage.push({ where: 'back', offset: block.callerSize + back });
    return damage;
  }

  /** Sets the guard bytes again, so damage already reported is not reported twice. */
  restoreGuards(block: HeapBlock): void {
    this.region.fill(block.spanOffset, GUARD_SIZE, Pattern.GUARD);
    this.region.fill(backGuardOffset(block), backGuardSize(block), Pattern.GUARD);
  }

  /** Fills the caller's bytes with 0xDD: the block is freed. Also restores a reported write after free. */
  poison(block: HeapBlock): void {
    this.region.fill(block.offset, block.callerSize, Pattern.POISON);
  }

  poisonDamage(block: HeapBlock): Damage | undefined {
    const offset = this.region.findMismatch(block.offset, block.callerSize, Pattern.POISON);
    return offset === undefined ? undefined : { where: 'poison', offset };
  }

  /** Returns the block's memory for reuse. */
  release(block: HeapBlock): void {
    this.giveBack(block.spanOffset, block.spanSize);
  }

  /** First fit: the lowest free span that is large enough, else the region's top. */
  private take(size: number): number | undefined {
    const free = this.free;
    for (let index = 0; index < free.length; index++) {
      const fit = free[index]!;
      if (fit.size < size) continue;
      const offset = fit.offset;
      if (fit.size === size) removeAt(free, index);
      else {
        fit.offset += size;
        fit.size -= size;
      }
      return offset;
    }
    // Nothing fits: extend the region, starting inside a free span that reaches its top.
    const last = free.at(-1);
    if (last && last.offset + last.size === this.region.top) {
      if (this.region.grow(size - last.size) === undefined) return undefined;
      free.pop();
      return last.offset;
    }
    return this.region.grow(size);
  }

  /** Puts a span back in order, merged with the free spans it touches. */
  private giveBack(offset: number, size: number): void {
    const free = this.free;
    let index = 0;
    while (index < free.length && free[index]!.offset < offset) index++;
    const previous = free[index - 1];
    const next = free[index];
    const joinsPrevious = previous !== undefined && previous.offset + previous.size === offset;
    const joinsNext = next !== undefined && offset + size === next.offset;
    if (joinsPrevious && joinsNext) {
      previous.size += size + next.size;
      removeAt(free, index);
    } else if (joinsPrevious) {
      previous.size += size;
    } else if (joinsNext) {
      next.offset = offset;
      next.size += size;
    } else {
      insertAt(free, index, { offset, size });
    }
  }
}

// splice allocates an array of what it removes, which costs more than the whole search over
// a short free list; the usual place for a change is its end (blocks leave the quarantine
// in the order they were placed), where push and pop do without.
function removeAt(spans: Span[], index: number): void {
  if (index === spans.length - 1) spans.pop();
  else spans.splice(index, 1);
}

function insertAt(spans: Span[], index: number, span: Span): void {
  if (index === spans.length) spans.push(span);
  else spans.splice(index, 0, span);
}

function backGuardOffset(block: HeapBlock): number {
  return block.offset + block.callerSize;
}

function backGuardSize(block: HeapBlock): number {
  return block.spanSize - GUARD_SIZE - block.callerSize;
}
