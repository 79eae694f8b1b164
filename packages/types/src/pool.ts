/** POOL_TYPE values for ExAllocatePoolWithTag (wdm.h). */
export const PoolType = {
  NonPagedPool: 0,
  NonPagedPoolExecute: 0,
  PagedPool: 1,
  NonPagedPoolMustSucceed: 2,
  NonPagedPoolCacheAligned: 4,
  PagedPoolCacheAligned: 5,
  NonPagedPoolCacheAlignedMustS: 6,
  NonPagedPoolSession: 32,
  PagedPoolSession: 33,
  NonPagedPoolNx: 512,
  NonPagedPoolNxCacheAligned: 516,
  NonPagedPoolSessionNx: 544,
} as const;

export type PoolType = number;

/** Paged pool types are the odd ones: the low bit of POOL_TYPE selects paged memory. */
export function isPagedPoolType(poolType: PoolType): boolean {
  return (poolType & 1) === 1;
}

/** POOL_FLAGS for ExAllocatePool2 (a ULONG64, so bigint). */
export const PoolFlags = {
  POOL_FLAG_USE_QUOTA: 0x1n,
  POOL_FLAG_UNINITIALIZED: 0x2n,
  POOL_FLAG_SESSION: 0x4n,
  POOL_FLAG_CACHE_ALIGNED: 0x8n,
  POOL_FLAG_RAISE_ON_FAILURE: 0x20n,
  POOL_FLAG_NON_PAGED: 0x40n,
  POOL_FLAG_NON_PAGED_EXECUTE: 0x80n,
  POOL_FLAG_PAGED: 0x100n,
} as const;

/**
 * The pool type an ExAllocatePool2 flag set selects, or undefined when the flags do not
 * name exactly one of NON_PAGED, NON_PAGED_EXECUTE and PAGED (ExAllocatePool2 then fails).
 */
export function poolTypeFromFlags(flags: bigint): PoolType | undefined {
  const kinds: Array<[bigint, PoolType]> = [
    [PoolFlags.POOL_FLAG_NON_PAGED, PoolType.NonPagedPoolNx],
    [PoolFlags.POOL_FLAG_NON_PAGED_EXECUTE, PoolType.NonPagedPoolExecute],
    [PoolFlags.POOL_FLAG_PAGED, PoolType.PagedPool],
  ];
  const chosen = kinds.filter(([flag]) => (flags & flag) !== 0n);
  return chosen.length === 1 ? chosen[0]![1] : undefined;
}

/** EX_POOL_PRIORITY for NdisAllocateMemoryWithTagPriority and MmGetSystemAddressForMdlSafe. */
export const PoolPriority = {
  LowPoolPriority: 0,
  NormalPoolPriority: 16,
  HighPoolPriority: 32,
} as const;

/** Packs a four-character pool tag the way the C compiler does for 'abcd' literals in drivers. */
export function poolTag(text: string): number {
  if (text.length !== 4) throw new RangeError(`a pool tag has four characters, got "${text}"`);
  let tag = 0;
  for (let i = 3; i >= 0; i--) tag = (tag << 8) | (text.charCodeAt(i) & 0xff);
  return tag >>> 0;
}
