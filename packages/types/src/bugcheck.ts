/**
 * The stop codes Windows raises when a driver breaks a rule that ddikit checks, so a
 * violation reads the way a driver engineer already knows it.
 */
export const BugCheck = {
  /** No Windows stop code stands for this rule; the message says what broke. */
  NONE: 0x00,
  DRIVER_VERIFIER_DETECTED_VIOLATION: 0xc4,
  DRIVER_IRQL_NOT_LESS_OR_EQUAL: 0xd1,
  BAD_POOL_CALLER: 0xc2,
  /** Special pool: an access beyond the end of an allocation (an overrun). */
  PAGE_FAULT_BEYOND_END_OF_ALLOCATION: 0xcd,
  /** Special pool: corruption found on free (an underrun, or damaged guard bytes). */
  SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION: 0xc1,
  /** Special pool: an access to freed memory. */
  PAGE_FAULT_IN_FREED_SPECIAL_POOL: 0xcc,
} as const;

export type BugCheck = (typeof BugCheck)[keyof typeof BugCheck];

/** Parameter 1 of DRIVER_VERIFIER_DETECTED_VIOLATION (0xC4). */
export const VerifierCode = {
  ZERO_BYTE_ALLOCATION: 0x00,
  PAGED_ALLOCATION_ABOVE_APC_LEVEL: 0x01,
  NONPAGED_ALLOCATION_ABOVE_DISPATCH_LEVEL: 0x02,
  FREE_OF_UNALLOCATED_ADDRESS: 0x10,
  PAGED_FREE_ABOVE_APC_LEVEL: 0x11,
  NONPAGED_FREE_ABOVE_DISPATCH_LEVEL: 0x12,
  DOUBLE_FREE: 0x13,
  DOUBLE_FREE_OF_POOL: 0x14,
  BAD_IRQL_RAISE: 0x30,
  BAD_IRQL_LOWER: 0x31,
  POOL_LEAKED_AT_UNLOAD: 0x62,
  MDL_BUILT_FOR_PAGED_POOL: 0x7f,
} as const;

export type VerifierCode = (typeof VerifierCode)[keyof typeof VerifierCode];

/** Parameter 1 of BAD_POOL_CALLER (0xC2). */
export const BadPoolCallerCode = {
  DOUBLE_FREE: 0x07,
  ALLOCATION_AT_INVALID_IRQL: 0x08,
  FREE_AT_INVALID_IRQL: 0x09,
} as const;

/** Application Verifier's user-mode stops for the same faults. */
export const AppVerifierStop = {
  WRONG_HEAP: 0x6,
  DOUBLE_FREE: 0x7,
  LEAK_AT_DLL_UNLOAD: 0x900,
} as const;

export type AppVerifierStop = (typeof AppVerifierStop)[keyof typeof AppVerifierStop];

/** "0xC4/0x13" – the short form reports and messages use. */
export function formatBugCheck(code: number, parameter1?: bigint | number): string {
  const hex = (n: bigint | number) => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;
  if (code === BugCheck.NONE) return 'ddikit rule';
  return parameter1 === undefined ? hex(code) : `${hex(code)}/${hex(parameter1)}`;
}
