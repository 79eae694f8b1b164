/** Reads the core's ledger: every live block, in allocation order. */
import type { Allocation } from '@ddikit/types';
import { ALLOCATORS } from './enums.js';
import { handlerName } from './handlers.js';
import { core } from './library.js';

/** sizeof(ddk_allocation) */
const RECORD_SIZE = 56;

export function readLedger(): Allocation[] {
  const c = core();
  let capacity = 256;
  for (;;) {
    const buffer = new Uint8Array(capacity * RECORD_SIZE);
    const count = Number(c.ledger(buffer, capacity));
    if (count > capacity) {
      capacity = count * 2;
      continue;
    }
    const v = new DataView(buffer.buffer);
    const out: Allocation[] = [];
    for (let i = 0; i < count; i++) {
      const at = i * RECORD_SIZE;
      const allocator = ALLOCATORS[v.getInt32(at + 36, true)]!;
      const handler = handlerName(v.getInt32(at + 32, true));
      const poolType = v.getInt32(at + 28, true);
      const tag = v.getUint32(at + 24, true);
      const a: Allocation = {
        address: v.getBigUint64(at, true),
        size: Number(v.getBigUint64(at + 8, true)),
        order: Number(v.getBigUint64(at + 16, true)),
        allocator,
        owner: v.getInt32(at + 40, true) === 1 ? 'os' : 'extension',
        paged: v.getInt32(at + 44, true) !== 0,
        irql: v.getInt32(at + 48, true),
      };
      if (handler !== undefined) a.handler = handler;
      if (allocator === 'pool' || allocator === 'ndis-memory') a.tag = tag;
      if (allocator !== 'dot11ext' && poolType >= 0) a.poolType = poolType;
      out.push(a);
    }
    return out;
  }
}
