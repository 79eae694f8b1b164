/*
 * NDIS's side: the default NetAllocateMdl/NetFreeMdl (one nonpaged block holding the MDL,
 * its PFN array and the data), NET_BUFFER setup, and Retreat/Advance exactly as the
 * semantics page says.
 */
#include <stdlib.h>

#include "core.h"

/* Setup allocations (setup != 0) ignore fault plans and IRQL. */
PMDL ddk_net_allocate_mdl(ddk_ctx *c, ULONG *size, int setup) {
  if (!setup && ddk_irql(c) > DISPATCH_LEVEL) {
    ddk_report_call(c, K_MDL_SERVICE_ABOVE_DISPATCH, S_NetAllocateMdl);
    return NULL;
  }
  ULONG n = *size;
  /* room for the MDL and its worst-case PFN array (the data may start anywhere in a page) */
  uint64_t worst = sizeof(MDL) + 8 * (((uint64_t)PAGE_SIZE - 1 + n + PAGE_SIZE - 1) / PAGE_SIZE);
  if (n == 0 || worst > DDK_MAX_MDL_SIZE) return NULL;
  uint64_t header = ddk_round16(worst);
  ddk_alloc_req q = {0};
  q.allocator = A_NET_MDL;
  q.target = setup ? 0 : TARGET_KERNEL;
  q.service = S_NetAllocateMdl;
  q.size = n;
  q.region = q.reserved = header + n;
  q.fill = DDK_FILL_BYTE;
  q.pool_type = NonPagedPoolNx;
  uint8_t *block = ddk_heap_alloc(c, &q);
  if (!block) return NULL;
  MDL *m = (MDL *)block;
  ddk_mdl_init(m, (uintptr_t)(block + header), n);
  ddk_mdl_build(m);
  return m;
}

void ddk_net_free_mdl(ddk_ctx *c, PMDL mdl, int setup) {
  if (!setup) {
    ddk_kernel_free(c, (uintptr_t)mdl, A_NET_MDL, S_NetFreeMdl);
    return;
  }
  ddk_lock(c);
  ddk_rec *r = ddk_heap_lookup(c, (uintptr_t)mdl);
  if (r && r->state == ST_LIVE && r->allocator == A_NET_MDL) ddk_heap_retire(c, r, S_NetFreeMdl, 0);
  ddk_unlock(c);
}

/* NDIS's default handlers, as C functions (what a NULL handler means). */
DDK_API PMDL ddk_default_allocate_mdl(ULONG *BufferSize) {
  ddk_ctx *c = ddk_ctx_get();
  return c && BufferSize ? ddk_net_allocate_mdl(c, BufferSize, 0) : NULL;
}

DDK_API VOID ddk_default_free_mdl(PMDL Mdl) {
  ddk_ctx *c = ddk_ctx_get();
  if (c) ddk_net_free_mdl(c, Mdl, 0);
}

/* ---- NET_BUFFER setup (host memory) ---- */

DDK_API uintptr_t ddk_host_alloc(uint64_t n);
DDK_API int32_t ddk_host_free(uintptr_t p);

/* Returns the NET_BUFFER, or 0 when memory is exhausted. */
DDK_API uintptr_t ddk_allocate_net_buffer(ULONG data_offset, ULONG data_length) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return 0;
  ULONG total = data_offset + data_length;
  NET_BUFFER *nb = (NET_BUFFER *)ddk_host_alloc(sizeof(NET_BUFFER));
  if (!nb) return 0;
  PMDL m = ddk_net_allocate_mdl(c, &total, 1);
  if (!m) {
    ddk_host_free((uintptr_t)nb);
    return 0;
  }
  memset(nb, 0, sizeof *nb);
  nb->MdlChain = nb->CurrentMdl = m;
  nb->CurrentMdlOffset = nb->DataOffset = data_offset;
  nb->DataLength = data_length;
  return (uintptr_t)nb;
}

static int is_default_mdl(ddk_ctx *c, PMDL m) {
  ddk_lock(c);
  ddk_rec *r = ddk_heap_lookup(c, (uintptr_t)m);
  int yes = r && r->state == ST_LIVE && r->allocator == A_NET_MDL;
  ddk_unlock(c);
  return yes;
}

DDK_API int32_t ddk_free_net_buffer(uintptr_t p) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c || !p) return -1;
  NET_BUFFER *nb = (NET_BUFFER *)p;
  for (PMDL m = nb->MdlChain; m;) {
    PMDL next = m->Next;
    if (is_default_mdl(c, m)) {
      ddk_lock(c);
      ddk_map_remove(&c->retreat, (uintptr_t)m);
      ddk_unlock(c);
      ddk_net_free_mdl(c, m, 1);
    }
    m = next;
  }
  return ddk_host_free(p);
}

DDK_API uintptr_t ddk_allocate_net_buffer_list(const uint64_t *nbs, uint32_t count) {
  NET_BUFFER_LIST *nbl = (NET_BUFFER_LIST *)ddk_host_alloc(sizeof(NET_BUFFER_LIST));
  if (!nbl) return 0;
  memset(nbl, 0, sizeof *nbl);
  nbl->FirstNetBuffer = count ? (PNET_BUFFER)(uintptr_t)nbs[0] : NULL;
  for (uint32_t i = 0; i < count; i++) ((PNET_BUFFER)(uintptr_t)nbs[i])->Next = i + 1 < count ? (PNET_BUFFER)(uintptr_t)nbs[i + 1] : NULL;
  return (uintptr_t)nbl;
}

DDK_API int32_t ddk_free_net_buffer_list(uintptr_t p) {
  if (!p) return -1;
  NET_BUFFER_LIST *nbl = (NET_BUFFER_LIST *)p;
  for (PNET_BUFFER nb = nbl->FirstNetBuffer; nb;) {
    PNET_BUFFER next = nb->Next;
    ddk_free_net_buffer((uintptr_t)nb);
    nb = next;
  }
  return ddk_host_free(p);
}

/* ---- Retreat / Advance ---- */

static void refind_current(NET_BUFFER *nb) {
  PMDL m = nb->MdlChain;
  ULONG off = nb->DataOffset;
  while (m && off >= m->ByteCount && m->Next) {
    off -= m->ByteCount;
    m = m->Next;
  }
  nb->CurrentMdl = m;
  nb->CurrentMdlOffset = off;
}

static int above_dispatch(ddk_ctx *c, int service) {
  if (ddk_irql(c) <= DISPATCH_LEVEL) return 0;
  ddk_report_call(c, K_MDL_SERVICE_ABOVE_DISPATCH, service);
  return 1;
}

static NDIS_STATUS retreat(ddk_ctx *c, NET_BUFFER *nb, ULONG delta, ULONG backfill, NET_BUFFER_ALLOCATE_MDL *alloc) {
  if (nb->DataOffset >= delta) {
    nb->DataOffset -= delta;
    nb->DataLength += delta;
    refind_current(nb);
    return NDIS_STATUS_SUCCESS;
  }
  ULONG old_offset = nb->DataOffset;
  ULONG requested = backfill + delta - old_offset;
  ULONG size = requested;
  PMDL m = alloc ? alloc(&size) : ddk_net_allocate_mdl(c, &size, 0);
  if (!m) return NDIS_STATUS_RESOURCES;
  if (size < requested) return NDIS_STATUS_FAILURE; /* the MDL stays with the handler's module */
  m->Next = nb->MdlChain;
  nb->MdlChain = nb->CurrentMdl = m;
  nb->DataOffset = nb->CurrentMdlOffset = size - (delta - old_offset);
  nb->DataLength += delta;
  ddk_lock(c);
  ddk_map_put(&c->retreat, (uintptr_t)m, (void *)1);
  ddk_unlock(c);
  return NDIS_STATUS_SUCCESS;
}

static void advance(ddk_ctx *c, NET_BUFFER *nb, ULONG delta, BOOLEAN free_mdl, NET_BUFFER_FREE_MDL *free_handler) {
  if (delta > nb->DataLength) delta = nb->DataLength;
  nb->DataOffset += delta;
  nb->DataLength -= delta;
  if (free_mdl) {
    for (;;) {
      PMDL head = nb->MdlChain;
      if (!head || head->ByteCount > nb->DataOffset) break;
      ddk_lock(c);
      int ours = ddk_map_get(&c->retreat, (uintptr_t)head) != NULL;
      if (ours) ddk_map_remove(&c->retreat, (uintptr_t)head);
      ddk_unlock(c);
      if (!ours) break;
      nb->MdlChain = head->Next;
      nb->DataOffset -= head->ByteCount;
      if (free_handler)
        free_handler(head);
      else
        ddk_net_free_mdl(c, head, 0);
    }
  }
  refind_current(nb);
}

DDK_API NDIS_STATUS NdisRetreatNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, ULONG DataBackFill,
                                                  NET_BUFFER_ALLOCATE_MDL *AllocateMdlHandler) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c || !NetBuffer) return NDIS_STATUS_FAILURE;
  if (above_dispatch(c, S_NdisRetreatNetBufferDataStart)) return NDIS_STATUS_FAILURE;
  return retreat(c, NetBuffer, DataOffsetDelta, DataBackFill, AllocateMdlHandler);
}

DDK_API NDIS_STATUS NdisRetreatNetBufferListDataStart(PNET_BUFFER_LIST NetBufferList, ULONG DataOffsetDelta,
                                                      ULONG DataBackFill, NET_BUFFER_ALLOCATE_MDL *AllocateMdlHandler,
                                                      NET_BUFFER_FREE_MDL *FreeMdlHandler) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c || !NetBufferList) return NDIS_STATUS_FAILURE;
  if ((AllocateMdlHandler == NULL) != (FreeMdlHandler == NULL)) return STATUS_INVALID_PARAMETER;
  if (above_dispatch(c, S_NdisRetreatNetBufferListDataStart)) return NDIS_STATUS_FAILURE;
  for (PNET_BUFFER nb = NetBufferList->FirstNetBuffer; nb; nb = nb->Next) {
    NDIS_STATUS status = retreat(c, nb, DataOffsetDelta, DataBackFill, AllocateMdlHandler);
    if (status != NDIS_STATUS_SUCCESS) {
      for (PNET_BUFFER done = NetBufferList->FirstNetBuffer; done != nb; done = done->Next)
        advance(c, done, DataOffsetDelta, TRUE, FreeMdlHandler);
      return status;
    }
  }
  return NDIS_STATUS_SUCCESS;
}

DDK_API VOID NdisAdvanceNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, BOOLEAN FreeMdl,
                                           NET_BUFFER_FREE_MDL *FreeMdlHandler) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c || !NetBuffer) return;
  if (above_dispatch(c, S_NdisAdvanceNetBufferDataStart)) return;
  advance(c, NetBuffer, DataOffsetDelta, FreeMdl, FreeMdlHandler);
}

DDK_API VOID NdisAdvanceNetBufferListDataStart(PNET_BUFFER_LIST NetBufferList, ULONG DataOffsetDelta, BOOLEAN FreeMdl,
                                               NET_BUFFER_FREE_MDL *FreeMdlMdlHandler) {
  if (!NetBufferList) return;
  for (PNET_BUFFER nb = NetBufferList->FirstNetBuffer; nb; nb = nb->Next)
    NdisAdvanceNetBufferDataStart(nb, DataOffsetDelta, FreeMdl, FreeMdlMdlHandler);
}
