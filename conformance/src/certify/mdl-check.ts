/**
 * What NDIS relies on in an MDL a NetAllocateMdl handler returns (the ndis.mdl.success
 * rule, SPEC section 2). Memory is read only inside live blocks of the backend's ledger,
 * so a wild pointer from the handler is reported, never followed.
 */
import {
  MDL_HEADER_SIZE,
  MDL_MAPPING_FLAGS,
  PAGE_SIZE,
  decodeMdl,
  formatPointer,
  mdlSize,
  mdlVirtualAddress,
  type Allocation,
  type NdisHandlerPair,
  type Pointer,
} from '@ddikit/types';
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
  if (m.byteCount < asked) fail('mdl.byte-count', `ByteCount is ${m.byteCount}, less than asked`);
  if (m.startVa % BigInt(PAGE_SIZE) !== 0n) fail('mdl.start-va', `StartVa ${formatPointer(m.startVa)} is not page-aligned`);
  if (m.byteOffset >= PAGE_SIZE) fail('mdl.byte-offset', `ByteOffset ${m.byteOffset} is not below ${PAGE_SIZE}`);
  const expectedSize = mdlSize(mdlVirtualAddress(m), m.byteCount);
  if (m.size !== expectedSize) fail('mdl.size', `Size is ${m.size}, MmSizeOfMdl gives ${expectedSize}`);
  if (!linkedByNdis && m.next !== 0n) fail('mdl.next', `Next is ${formatPointer(m.next)}, not NULL`);
  if ((m.mdlFlags & MDL_MAPPING_FLAGS) === 0) {
    fail('mdl.unmapped', `MdlFlags 0x${m.mdlFlags.toString(16)} has neither MDL_MAPPED_TO_SYSTEM_VA nor MDL_SOURCE_IS_NONPAGED_POOL`);
    return true;
  }
  if (m.mappedSystemVa !== mdlVirtualAddress(m)) fail('mdl.mapping', `MappedSystemVa ${formatPointer(m.mappedSystemVa)} is not StartVa + ByteOffset`);
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
