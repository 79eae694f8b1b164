/**
 * What NDIS relies on in an MDL a NetAllocateMdl handler returns (the ndis.mdl.success
 * rule, SPEC section 2). Memory is read only inside live blocks of the backend's ledger,
 * so a wild pointer from the handler is reported, never followed.
 */
import { MDL_HEADER_SIZE, MDL_MAPPING_FLAGS, decodeMdl, formatPointer, type Allocation, type NdisHandlerPair, type Pointer } from '@ddikit/types';
import { mdlProblems } from '../contracts/mdl-shape.js';
import type { ScenarioContext } from './scenario.js';

type Ctx = ScenarioContext<NdisHandlerPair>;

export const ALLOCATE_HANDLER = 'NetAllocateMdl';

function blockHolding(ctx: Ctx, address: Pointer, length: number): Allocation | undefined {
  return ctx.be.liveAllocations().find((a) => address >= a.address && address + BigInt(length) <= a.address + BigInt(Math.max(a.size, MDL_HEADER_SIZE)));
}

/**
 * Checks the MDL the handler returned for `asked` bytes, with `bufferSize` the size it
 * wrote back. After a Retreat, NDIS has already chained the MDL in front of the old head,
 * so its Next is NDIS's and not checked. Returns true when the MDL is one the handler can
 * be asked to free.
 */
export function checkReturnedMdl(ctx: Ctx, mdl: Pointer, asked: number, bufferSize: number, linkedByNdis = false): boolean {
  const fail = (rule: string, message: string, address = mdl) =>
    ctx.fail('ndis.handler.mdl', rule, `NetAllocateMdl(${asked}): ${message}`, { handler: ALLOCATE_HANDLER, address, size: asked });
  if (!blockHolding(ctx, mdl, MDL_HEADER_SIZE)) {
    fail('mdl.not-allocated', `returned ${formatPointer(mdl)}, which no kernel allocation service handed out`);
    return false;
  }
  const m = decodeMdl(ctx.be.memory.read(mdl, MDL_HEADER_SIZE));
  if (bufferSize < asked) fail('mdl.buffer-size', `wrote back *BufferSize ${bufferSize}, less than asked`);
  for (const { rule, message } of mdlProblems(m, asked, { linkedByNdis })) fail(rule, message);
  // Without a mapping there is no MappedSystemVa to follow to the data.
  if ((m.mdlFlags & MDL_MAPPING_FLAGS) === 0) return true;
  const data = blockHolding(ctx, m.mappedSystemVa, m.byteCount);
  if (!data) {
    fail('mdl.unbacked', `the ${m.byteCount} bytes at MappedSystemVa ${formatPointer(m.mappedSystemVa)} are not inside one live allocation`, m.mappedSystemVa);
  } else if (data.paged) {
    fail('mdl.paged', `the block behind the MDL (${formatPointer(data.address)}) is pageable; NDIS touches it at DISPATCH_LEVEL`, data.address);
  } else {
    checkWritable(ctx, m.mappedSystemVa, m.byteCount, fail);
  }
  return true;
}

/** NDIS writes packet data through MappedSystemVa: every byte must take a write and read it back. */
function checkWritable(ctx: Ctx, va: Pointer, length: number, fail: (rule: string, message: string, address: Pointer) => void): void {
  const pattern = new Uint8Array(length).map((_, i) => (i * 131 + 7) & 0xff);
  ctx.be.memory.write(va, pattern);
  const back = ctx.be.memory.read(va, length);
  const bad = back.findIndex((b, i) => b !== pattern[i]);
  if (bad >= 0) fail('mdl.not-writable', `byte ${bad} at MappedSystemVa does not hold what was written`, va + BigInt(bad));
}
