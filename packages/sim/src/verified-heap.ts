/**
 * The verified heap every allocator draws from: placement, the ledger and the memory
 * limit, guard and poison checks reported with the right kind, and the quarantine.
 */
import type { Allocation, Allocator, Evidence, Irql, PoolType, ViolationKindName } from '@ddikit/types';
import { Heap, type Damage } from './heap.js';
import { Ledger, blockEvidence, type BlockRecord } from './ledger.js';
import { Quarantine } from './quarantine.js';
import type { Region } from './region.js';
import type { ViolationLog } from './violation-log.js';

export interface BlockRequest {
  allocator: Allocator;
  /** The size the ledger shows (dwByteCount, NumberOfBytes, the MDL's size or its data size). */
  size: number;
  /** Bytes the allocator reserves for the caller: the block's extent and its charge against the limit. */
  callerBytes: number;
  owner: Allocation['owner'];
  paged: boolean;
  tag?: number;
  poolType?: PoolType;
}

/** The call that checks a block: evidence every damage report carries. */
export interface CheckSite {
  service: string;
  irql?: Irql;
}

const DAMAGE_KINDS: Record<'dot11ext' | 'pool', Record<Damage['where'], ViolationKindName>> = {
  dot11ext: { front: 'DOT11EXT_UNDERRUN', back: 'DOT11EXT_OVERRUN', poison: 'DOT11EXT_USE_AFTER_FREE' },
  pool: { front: 'POOL_UNDERRUN', back: 'POOL_OVERRUN', poison: 'POOL_USE_AFTER_FREE' },
};

function damageKind(record: BlockRecord, where: Damage['where']): ViolationKindName {
  if (where === 'poison' && record.transferred) return 'WRITE_AFTER_TRANSFER';
  return DAMAGE_KINDS[record.allocation.allocator === 'dot11ext' ? 'dot11ext' : 'pool'][where];
}

export interface VerifiedHeapOptions {
  memoryLimit: number;
  quarantineBytes: number;
  /** Who is calling and at which IRQL, for the ledger. */
  caller: () => { handler: string | undefined; irql: Irql };
}

export class VerifiedHeap {
  private readonly heap: Heap;
  private readonly ledger: Ledger;
  private readonly quarantine: Quarantine<BlockRecord>;

  constructor(
    region: Region,
    private readonly log: ViolationLog,
    private readonly options: VerifiedHeapOptions,
  ) {
    this.heap = new Heap(region);
    this.ledger = new Ledger(region, options.memoryLimit);
    this.quarantine = new Quarantine(options.quarantineBytes);
  }

  /**
   * A new live block, filled with 0xCD, or undefined when the memory limit (or the address
   * space) is exhausted. The limit is checked before any memory is touched.
   */
  allocate(request: BlockRequest): BlockRecord | undefined {
    if (!this.ledger.fits(request.callerBytes)) return undefined;
    const block = this.heap.allocate(request.callerBytes);
    if (!block) return undefined;
    const { handler, irql } = this.options.caller();
    const allocation: Allocation = {
      address: block.address,
      size: request.size,
      order: this.ledger.nextOrder(),
      allocator: request.allocator,
      owner: request.owner,
      paged: request.paged,
      irql,
    };
    // Optional fields are set only when known: an allocation never carries a key whose value is undefined.
    if (handler !== undefined) allocation.handler = handler;
    if (request.tag !== undefined) allocation.tag = request.tag;
    if (request.poolType !== undefined) allocation.poolType = request.poolType;
    const record: BlockRecord = { allocation, block, charge: request.callerBytes, state: 'live', transferred: false };
    this.ledger.add(record);
    return record;
  }

  find(address: bigint): BlockRecord | undefined {
    return this.ledger.find(address);
  }

  live(): BlockRecord[] {
    return this.ledger.live();
  }

  /** Live blocks that share a byte with [address, address + length). */
  liveOverlapping(address: bigint, length: number): BlockRecord[] {
    const end = address + BigInt(length);
    return this.live().filter((r) => r.block.address < end && address < r.block.address + BigInt(r.block.callerSize));
  }

  /** Reports damaged guard bytes, then restores them so the damage is reported once. */
  checkGuards(record: BlockRecord, site: CheckSite): void {
    const damage = this.heap.guardDamage(record.block);
    if (damage.length === 0) return;
    this.heap.restoreGuards(record.block);
    for (const d of damage) this.reportDamage(record, d, site);
  }

  /** Frees a live block: guards checked, bytes poisoned, quarantined; blocks pushed out are checked and reused. */
  free(record: BlockRecord, site: CheckSite): void {
    this.checkGuards(record, site);
    this.heap.poison(record.block);
    this.ledger.markFreed(record);
    // Settle the heap before reporting, so a bug check thrown from a report leaves it consistent.
    const damaged: Array<[BlockRecord, Damage]> = [];
    this.quarantine.admit(record);
    for (let leaving = this.quarantine.evict(); leaving; leaving = this.quarantine.evict()) {
      const damage = this.heap.poisonDamage(leaving.block);
      this.heap.release(leaving.block);
      this.ledger.forget(leaving);
      if (damage) damaged.push([leaving, damage]);
    }
    for (const [leaving, damage] of damaged) this.reportDamage(leaving, damage, { service: 'heap verification' });
  }

  /** Checks every live block's guards and every quarantined block's poison. */
  verify(): void {
    const site = { service: 'heap verification' };
    for (const record of this.live()) this.checkGuards(record, site);
    for (const record of this.quarantine.entries()) {
      const damage = this.heap.poisonDamage(record.block);
      if (!damage) continue;
      this.heap.poison(record.block);
      this.reportDamage(record, damage, site);
    }
  }

  private reportDamage(record: BlockRecord, damage: Damage, site: CheckSite): void {
    const evidence: Omit<Evidence, 'handler'> = { ...site, ...blockEvidence(record), offset: damage.offset };
    this.log.report(damageKind(record, damage.where), evidence);
  }
}
