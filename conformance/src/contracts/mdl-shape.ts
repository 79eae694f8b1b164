/**
 * What NDIS relies on in an MDL that NetAllocateMdl returns (SPEC section 2, the
 * ndis.mdl.success rule): one statement of the rule for the backend contract, which checks
 * NDIS's default allocator, and for certification, which checks a vendor's handler.
 */
import { MDL_MAPPING_FLAGS, PAGE_SIZE, formatPointer, mdlSize, mdlVirtualAddress, type Mdl } from '@ddikit/types';

export interface MdlProblem {
  /** A stable name for the broken part of the rule. */
  rule: string;
  message: string;
}

/**
 * The ways `m`, returned for `asked` bytes, breaks the rule. After a Retreat, NDIS has
 * already chained the MDL in front of the old head, so `linkedByNdis` leaves Next alone.
 */
export function mdlProblems(m: Mdl, asked: number, options: { linkedByNdis?: boolean } = {}): MdlProblem[] {
  const problems: MdlProblem[] = [];
  const problem = (rule: string, message: string) => problems.push({ rule, message });
  const va = mdlVirtualAddress(m);
  if (m.byteCount < asked) problem('mdl.byte-count', `ByteCount is ${m.byteCount}, less than asked`);
  if (m.startVa % BigInt(PAGE_SIZE) !== 0n) problem('mdl.start-va', `StartVa ${formatPointer(m.startVa)} is not page-aligned`);
  if (m.byteOffset >= PAGE_SIZE) problem('mdl.byte-offset', `ByteOffset ${m.byteOffset} is not below ${PAGE_SIZE}`);
  const expectedSize = mdlSize(va, m.byteCount);
  if (m.size !== expectedSize) problem('mdl.size', `Size is ${m.size}, MmSizeOfMdl gives ${expectedSize}`);
  if (!options.linkedByNdis && m.next !== 0n) problem('mdl.next', `Next is ${formatPointer(m.next)}, not NULL`);
  if ((m.mdlFlags & MDL_MAPPING_FLAGS) === 0) {
    problem('mdl.unmapped', `MdlFlags 0x${m.mdlFlags.toString(16)} has neither MDL_MAPPED_TO_SYSTEM_VA nor MDL_SOURCE_IS_NONPAGED_POOL`);
  } else if (m.mappedSystemVa !== va) {
    problem('mdl.mapping', `MappedSystemVa ${formatPointer(m.mappedSystemVa)} is not StartVa + ByteOffset`);
  }
  return problems;
}
