/**
 * The ledger: every block the verified allocators made that is live or still quarantined,
 * with who made it, who owns it and when; and the memory limit over live blocks.
 */
import type { Allocation, Evidence, Pointer } from '@ddikit/types';
import type { HeapBlock } from './heap.js';
import type { Region } from './region.js';

export interface BlockRecord {
  readonly allocation: Allocation;
  readonly block: HeapBlock;
  /** Bytes charged against the memory limit while live. */
  readonly charge: number;
  state: 'live' | 'quarantined';
  /** The OS freed it after an ownership transfer: later frees and writes are the DLL's fault. */
  transferred: boolean;
}

export class Ledger {
  /**
   * By the caller's offset in the heap region; insertion order is allocation order. Small
   * number keys hash far faster than bigint pointers.
   */
  private readonly records = new Map<number, BlockRecord>();
  private liveBytes = 0;
  private lastOrder = 0;

  constructor(
    private readonly region: Region,
    private readonly memoryLimit: number,
  ) {}

  /** Whether `bytes` more would stay within the memory limit. */
  fits(bytes: number): boolean {
    return this.liveBytes + bytes <= this.memoryLimit;
  }

  nextOrder(): number {
    return ++this.lastOrder;
  }

  add(record: BlockRecord): void {
    this.records.set(record.block.offset, record);
    this.liveBytes += record.charge;
  }

  find(address: Pointer): BlockRecord | undefined {
    const offset = this.region.offsetOf(address);
    return offset === undefined ? undefined : this.records.get(offset);
  }

  markFreed(record: BlockRecord): void {
    record.state = 'quarantined';
    this.liveBytes -= record.charge;
  }

  /**
   * The block left the quarantine: its address means nothing any more. Blocks never overlap
   * while recorded, so the entry at its offset is this record.
   */
  forget(record: BlockRecord): void {
    this.records.delete(record.block.offset);
  }

  /** Live blocks in allocation order. */
  live(): BlockRecord[] {
    return [...this.records.values()].filter((r) => r.state === 'live');
  }
}

/** What a violation says about a block: where, how big, which allocation, made by which handler. */
export function blockEvidence(record: BlockRecord): Pick<Evidence, 'address' | 'size' | 'order' | 'allocatedBy'> {
  const { address, size, order, handler } = record.allocation;
  return handler === undefined ? { address, size, order } : { address, size, order, allocatedBy: handler };
}
