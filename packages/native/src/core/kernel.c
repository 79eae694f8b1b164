/*
 * Kernel services an MDL handler uses: pool, MDLs, NDIS memory. Each checks its IRQL rule
 * first, then its arguments, then counts as a fault-injection attempt of target 'kernel'.
 */
#include <stdlib.h>

#include "core.h"

ULONG ddk_pages_spanned(uintptr_t va, uint64_t size) {
  return (ULONG)(((va & (PAGE_SIZE - 1)) + size + PAGE_SIZE - 1) / PAGE_SIZE);
}

static uint64_t mdl_size(uintptr_t va, uint64_t length) { return sizeof(MDL) + 8ull * ddk_pages_spanned(va, length); }

void ddk_mdl_init(MDL *m, uintptr_t va, ULONG length) {
  ULONG pages = ddk_pages_spanned(va, length);
  memset(m, 0, sizeof(MDL) + 8ull * pages);
  m->Size = (CSHORT)(sizeof(MDL) + 8u * pages);
  m->StartVa = (PVOID)(va & ~(uintptr_t)(PAGE_SIZE - 1));
  m->ByteOffset = (ULONG)(va & (PAGE_SIZE - 1));
  m->ByteCount = length;
}

void ddk_mdl_build(MDL *m) {
  uintptr_t va = (uintptr_t)m->StartVa + m->ByteOffset;
  m->MappedSystemVa = (PVOID)va;
  m->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
  PFN_NUMBER *pfn = (PFN_NUMBER *)(m + 1);
  ULONG pages = ddk_pages_spanned(va, m->ByteCount);
  for (ULONG i = 0; i < pages; i++) pfn[i] = ((uintptr_t)m->StartVa >> PAGE_SHIFT) + i;
}


static int is_paged_type(int32_t type) { return (type & 1) == 1; }

/* Pool and NDIS memory: the IRQL rules, the zero-size rule, then a verified-heap block. */
static PVOID pool_alloc(ddk_ctx *c, int allocator, int service, int32_t type, SIZE_T n, ULONG tag, int fill) {
  KIRQL irql = ddk_irql(c);
  if (is_paged_type(type) && irql > APC_LEVEL) {
    ddk_report_call(c, K_PAGED_ALLOCATION_ABOVE_APC, service);
    return NULL;
  }
  if (irql > DISPATCH_LEVEL) {
    ddk_report_call(c, K_NONPAGED_ALLOCATION_ABOVE_DISPATCH, service);
    return NULL;
  }
  if (n == 0) {
    ddk_report_call(c, K_POOL_ZERO_SIZE, service);
    return NULL;
  }
  ddk_alloc_req q = {0};
  q.allocator = allocator;
  q.target = TARGET_KERNEL;
  q.service = service;
  q.size = q.region = q.reserved = n;
  q.fill = fill;
  q.tag = tag;
  q.pool_type = type;
  q.paged = is_paged_type(type);
  return ddk_heap_alloc(c, &q);
}

DDK_API PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return NULL;
  return pool_alloc(c, A_POOL, S_ExAllocatePoolWithTag, (int32_t)PoolType, NumberOfBytes, Tag, DDK_FILL_BYTE);
}

/* The pool type a flag set selects, or -1 when it does not name exactly one kind. */
static int32_t type_from_flags(POOL_FLAGS flags) {
  int kinds = !!(flags & POOL_FLAG_NON_PAGED) + !!(flags & POOL_FLAG_NON_PAGED_EXECUTE) + !!(flags & POOL_FLAG_PAGED);
  if (kinds != 1) return -1;
  if (flags & POOL_FLAG_NON_PAGED) return NonPagedPoolNx;
  if (flags & POOL_FLAG_NON_PAGED_EXECUTE) return NonPagedPoolExecute;
  return PagedPool;
}

DDK_API PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return NULL;
  int32_t type = type_from_flags(Flags);
  KIRQL irql = ddk_irql(c);
  if (type >= 0 && is_paged_type(type) && irql > APC_LEVEL) {
    ddk_report_call(c, K_PAGED_ALLOCATION_ABOVE_APC, S_ExAllocatePool2);
    return NULL;
  }
  if (irql > DISPATCH_LEVEL) {
    ddk_report_call(c, K_NONPAGED_ALLOCATION_ABOVE_DISPATCH, S_ExAllocatePool2);
    return NULL;
  }
  if (type < 0) return NULL;
  int fill = (Flags & POOL_FLAG_UNINITIALIZED) ? DDK_FILL_BYTE : 0;
  return pool_alloc(c, A_POOL, S_ExAllocatePool2, type, NumberOfBytes, Tag, fill);
}

/*
 * The free rules every kernel free service shares: mechanism, then double/unallocated,
 * then IRQL (the block is freed anyway), then guards.
 */
void ddk_kernel_free(ddk_ctx *c, uintptr_t p, int allocator, int service) {
  KIRQL irql = ddk_irql(c);
  ddk_lock(c);
  ddk_rec *r = p ? ddk_heap_lookup(c, p) : NULL;
  if (r && r->state == ST_LIVE && r->allocator != allocator) {
    ddk_report_block(c, K_FREE_MECHANISM_MISMATCH, service, r, EV_IRQL | EV_ALLOCATOR);
  } else if (r && r->state == ST_QUARANTINED) {
    ddk_report_block(c, K_POOL_DOUBLE_FREE, service, r, EV_IRQL);
  } else if (!r) {
    ddk_evidence ev = {0};
    ev.address = p;
    ev.irql = irql;
    ev.present = EV_ADDRESS | EV_IRQL;
    ddk_report(c, K_POOL_FREE_UNALLOCATED, service, ev);
  } else {
    if (r->paged && irql > APC_LEVEL)
      ddk_report_block(c, K_PAGED_FREE_ABOVE_APC, service, r, EV_IRQL);
    else if (irql > DISPATCH_LEVEL)
      ddk_report_block(c, service == S_NetFreeMdl ? K_MDL_FREE_ABOVE_DISPATCH : K_NONPAGED_FREE_ABOVE_DISPATCH, service,
                       r, EV_IRQL);
    ddk_heap_retire(c, r, service, 1);
  }
  ddk_unlock(c);
}

DDK_API VOID ExFreePoolWithTag(PVOID P, ULONG Tag) {
  (void)Tag;
  ddk_ctx *c = ddk_ctx_get();
  if (c) ddk_kernel_free(c, (uintptr_t)P, A_POOL, S_ExFreePoolWithTag);
}

DDK_API VOID ExFreePool(PVOID P) {
  ddk_ctx *c = ddk_ctx_get();
  if (c) ddk_kernel_free(c, (uintptr_t)P, A_POOL, S_ExFreePool);
}

DDK_API PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle, UINT Length, ULONG Tag,
                                                EX_POOL_PRIORITY Priority) {
  (void)NdisHandle, (void)Priority;
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return NULL;
  /* NDIS memory is nonpaged pool under its own free function. */
  return pool_alloc(c, A_NDIS_MEMORY, S_NdisAllocateMemoryWithTagPriority, NonPagedPoolNx, Length, Tag, DDK_FILL_BYTE);
}

DDK_API VOID NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags) {
  (void)Length, (void)MemoryFlags;
  ddk_ctx *c = ddk_ctx_get();
  if (c) ddk_kernel_free(c, (uintptr_t)VirtualAddress, A_NDIS_MEMORY, S_NdisFreeMemory);
}

static PMDL mdl_alloc(ddk_ctx *c, int allocator, int service, uintptr_t va, ULONG length) {
  if (ddk_irql(c) > DISPATCH_LEVEL) {
    ddk_report_call(c, K_NONPAGED_ALLOCATION_ABOVE_DISPATCH, service);
    return NULL;
  }
  uint64_t n = mdl_size(va, length);
  if (length == 0 || n > DDK_MAX_MDL_SIZE) return NULL; /* Size is a CSHORT */
  ddk_alloc_req q = {0};
  q.allocator = allocator;
  q.target = TARGET_KERNEL;
  q.service = service;
  q.size = q.region = q.reserved = n;
  q.fill = DDK_FILL_BYTE;
  q.pool_type = NonPagedPoolNx;
  MDL *m = ddk_heap_alloc(c, &q);
  if (m) ddk_mdl_init(m, va, length);
  return m;
}

DDK_API PMDL IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer, BOOLEAN ChargeQuota, PIRP Irp) {
  (void)SecondaryBuffer, (void)ChargeQuota, (void)Irp;
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return NULL;
  return mdl_alloc(c, A_IO_MDL, S_IoAllocateMdl, (uintptr_t)VirtualAddress, Length);
}

DDK_API VOID IoFreeMdl(PMDL Mdl) {
  ddk_ctx *c = ddk_ctx_get();
  if (c) ddk_kernel_free(c, (uintptr_t)Mdl, A_IO_MDL, S_IoFreeMdl);
}

/* Returns 1 when the MDL's range lies in a live paged block (reported). */
static int paged_source(ddk_ctx *c, MDL *m, int service) {
  uintptr_t va = (uintptr_t)m->StartVa + m->ByteOffset;
  ddk_lock(c);
  ddk_rec *r = ddk_heap_find_containing(c, va, 1);
  if (r) ddk_report_block(c, K_MDL_BUILT_FOR_PAGED_POOL, service, r, EV_IRQL);
  ddk_unlock(c);
  return r != NULL;
}

DDK_API VOID MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c || !MemoryDescriptorList) return;
  if (ddk_irql(c) > DISPATCH_LEVEL) {
    ddk_report_call(c, K_NONPAGED_ALLOCATION_ABOVE_DISPATCH, S_MmBuildMdlForNonPagedPool);
    return;
  }
  if (paged_source(c, MemoryDescriptorList, S_MmBuildMdlForNonPagedPool)) return;
  ddk_mdl_build(MemoryDescriptorList);
}

DDK_API PVOID MmGetSystemAddressForMdlSafe(PMDL Mdl, ULONG Priority) {
  (void)Priority;
  if (!Mdl) return NULL;
  if (Mdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL)) return Mdl->MappedSystemVa;
  Mdl->MappedSystemVa = (PVOID)((uintptr_t)Mdl->StartVa + Mdl->ByteOffset);
  Mdl->MdlFlags |= MDL_MAPPED_TO_SYSTEM_VA;
  return Mdl->MappedSystemVa;
}

DDK_API PMDL NdisAllocateMdl(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, UINT Length) {
  (void)NdisHandle;
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return NULL;
  PMDL m = mdl_alloc(c, A_NDIS_MDL, S_NdisAllocateMdl, (uintptr_t)VirtualAddress, Length);
  if (m && !paged_source(c, m, S_NdisAllocateMdl)) ddk_mdl_build(m);
  return m;
}

DDK_API VOID NdisFreeMdl(PMDL Mdl) {
  ddk_ctx *c = ddk_ctx_get();
  if (c) ddk_kernel_free(c, (uintptr_t)Mdl, A_NDIS_MDL, S_NdisFreeMdl);
}

/* unloadDriver: every live pool, NDIS memory, IoAllocateMdl and NdisAllocateMdl block is a leak. */
static int held_by_driver(const ddk_rec *r) { return r->allocator != A_DOT11EXT && r->allocator != A_NET_MDL; }

DDK_API uint32_t ddk_unload_driver(void) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return 0;
  ddk_lock(c);
  uint32_t leaks = ddk_report_live(c, held_by_driver, K_POOL_LEAK_AT_UNLOAD, S_DriverUnload, EV_ALLOCATOR);
  ddk_unlock(c);
  return leaks;
}
