/** Pool services: ExAllocatePoolWithTag, ExAllocatePool2, ExFreePool(WithTag), NdisAllocateMemoryWithTagPriority, NdisFreeMemory. */
import {
  checkPointer,
  checkSize,
  PoolFlags, PoolType, isPagedPoolType, poolTypeFromFlags, type KernelServices, type Pointer,
} from '@ddikit/types';
import type { SimContext } from '../context.js';
import { irqlAllows, obtainKernelBlock, zeroSizeRefused } from './allocate.js';
import { freeKernelBlock, type FreeMechanism } from './free.js';

type PoolServices = Pick<
  KernelServices,
  'exAllocatePoolWithTag' | 'exAllocatePool2' | 'exFreePoolWithTag' | 'exFreePool' | 'ndisAllocateMemoryWithTagPriority' | 'ndisFreeMemory'
>;

const POOL_FREE: Omit<FreeMechanism, 'service'> = { allocator: 'pool', aboveDispatch: 'NONPAGED_FREE_ABOVE_DISPATCH' };

export function createPoolServices(ctx: SimContext): PoolServices {
  /** The rules both Ex allocators share once the pool type is known. */
  const allocatePool = (service: string, poolType: PoolType | undefined, numberOfBytes: number, tag: number): Pointer => {
    checkSize(numberOfBytes, 'NumberOfBytes');
    checkSize(tag, 'Tag');
    const paged = poolType !== undefined && isPagedPoolType(poolType);
    if (!irqlAllows(ctx, { service, paged })) return 0n;
    if (poolType === undefined) return 0n;
    if (zeroSizeRefused(ctx, service, numberOfBytes)) return 0n;
    const record = obtainKernelBlock(ctx, service, { allocator: 'pool', size: numberOfBytes, callerBytes: numberOfBytes, paged, tag, poolType });
    return record?.allocation.address ?? 0n;
  };

  return {
    exAllocatePoolWithTag(poolType, numberOfBytes, tag) {
      checkSize(poolType, 'PoolType');
      return allocatePool('ExAllocatePoolWithTag', poolType, numberOfBytes, tag);
    },

    exAllocatePool2(flags, numberOfBytes, tag) {
      const address = allocatePool('ExAllocatePool2', poolTypeFromFlags(flags), numberOfBytes, tag);
      // ExAllocatePool2 zeroes what it returns unless told not to.
      if (address !== 0n && (flags & PoolFlags.POOL_FLAG_UNINITIALIZED) === 0n) ctx.space.fill(address, numberOfBytes, 0);
      return address;
    },

    exFreePoolWithTag(address, tag) {
      checkPointer(address, 'P');
      checkSize(tag, 'Tag');
      freeKernelBlock(ctx, { ...POOL_FREE, service: 'ExFreePoolWithTag' }, address);
    },

    exFreePool(address) {
      checkPointer(address, 'P');
      freeKernelBlock(ctx, { ...POOL_FREE, service: 'ExFreePool' }, address);
    },

    ndisAllocateMemoryWithTagPriority(length, tag, priority) {
      const service = 'NdisAllocateMemoryWithTagPriority';
      checkSize(length, 'Length');
      checkSize(tag, 'Tag');
      checkSize(priority, 'Priority');
      if (!irqlAllows(ctx, { service, paged: false })) return 0n;
      if (zeroSizeRefused(ctx, service, length)) return 0n;
      // NDIS takes its memory from nonpaged, no-execute pool.
      const request = { allocator: 'ndis-memory', size: length, callerBytes: length, paged: false, tag, poolType: PoolType.NonPagedPoolNx } as const;
      return obtainKernelBlock(ctx, service, request)?.allocation.address ?? 0n;
    },

    ndisFreeMemory(virtualAddress, length, memoryFlags) {
      checkPointer(virtualAddress, 'VirtualAddress');
      checkSize(length, 'Length');
      checkSize(memoryFlags, 'MemoryFlags');
      freeKernelBlock(ctx, { service: 'NdisFreeMemory', allocator: 'ndis-memory', aboveDispatch: 'NONPAGED_FREE_ABOVE_DISPATCH' }, virtualAddress);
    },
  };
}
