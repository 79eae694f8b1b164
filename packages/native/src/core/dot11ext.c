/*
 * The Dot11Ext services (DOT11EXT_APIS) and the OS side of ownership transfer.
 * Dot11ExtAllocateBuffer/Dot11ExtFreeBuffer are the hot path: pure C, thread safe.
 */
#include <stdlib.h>

#include "core.h"

int ddk_grow(void **items, size_t *cap, size_t count, size_t item_size);

/* After DeinitService every Dot11Ext call is reported, then performed as usual. */
static inline void enter(ddk_ctx *c, int service) {
  if (atomic_load_explicit(&c->deinit, memory_order_relaxed)) {
    ddk_evidence ev = {0};
    ddk_lock(c);
    ddk_report(c, K_CALL_AFTER_DEINIT, service, ev);
    ddk_unlock(c);
  }
}

static void *dot11_alloc(ddk_ctx *c, uint64_t n, int faults) { return ddk_heap_alloc_dot11(c, n, faults); }

DDK_API DWORD WINAPI Dot11ExtAllocateBuffer(DWORD dwByteCount, LPVOID *ppvBuffer) {
  ddk_ctx *c = ddk_ctx_get();
  if (!ppvBuffer) return ERROR_INVALID_PARAMETER;
  *ppvBuffer = NULL;
  if (!c) return ERROR_INVALID_STATE;
  enter(c, S_Dot11ExtAllocateBuffer);
  void *p = dot11_alloc(c, dwByteCount, 1);
  if (!p) return ERROR_OUTOFMEMORY;
  *ppvBuffer = p;
  return ERROR_SUCCESS;
}

DDK_API VOID WINAPI Dot11ExtFreeBuffer(LPVOID pvMemory) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return;
  enter(c, S_Dot11ExtFreeBuffer);
  if (!pvMemory) return;
  ddk_lock(c);
  ddk_rec *r = ddk_heap_lookup(c, (uintptr_t)pvMemory);
  if (r && r->allocator == A_DOT11EXT) {
    if (r->owner == OWNER_OS) {
      ddk_report_block(c, K_FREE_AFTER_TRANSFER, S_Dot11ExtFreeBuffer, r, 0);
    } else if (r->state == ST_QUARANTINED) {
      ddk_report_block(c, K_DOT11EXT_DOUBLE_FREE, S_Dot11ExtFreeBuffer, r, 0);
    } else {
      ddk_heap_retire(c, r, S_Dot11ExtFreeBuffer, 0);
    }
  } else {
    ddk_evidence ev = {0};
    ev.address = (uintptr_t)pvMemory;
    ev.present = EV_ADDRESS;
    ddk_report(c, K_DOT11EXT_FOREIGN_FREE, S_Dot11ExtFreeBuffer, ev);
  }
  ddk_unlock(c);
}

/* ---- the OS side ---- */

/* handToExtension: an OS allocation (no fault plan) the DLL owns and must free. */
DDK_API uintptr_t ddk_hand_to_extension(const void *bytes, uint64_t n) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return 0;
  void *p = dot11_alloc(c, n, 0);
  if (p && n) memcpy(p, bytes, n);
  return (uintptr_t)p;
}

/* adoptBuffer: returns the number of violations it recorded. what_service is S_HOST. */
DDK_API uint32_t ddk_adopt_buffer(uintptr_t p, uint64_t minimum_size, int32_t service) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return 0;
  ddk_lock(c);
  size_t before = c->violation_count;
  ddk_rec *r = ddk_heap_lookup(c, p);
  if (!r || r->allocator != A_DOT11EXT) {
    ddk_evidence ev = {0};
    ev.address = p;
    ev.present = EV_ADDRESS;
    ddk_report(c, K_TRANSFER_NOT_ALLOCATED, service, ev);
  } else if (r->state == ST_QUARANTINED) {
    ddk_report_block(c, K_TRANSFER_NOT_LIVE, service, r, 0);
  } else if (r->owner == OWNER_OS) {
    ddk_report_block(c, K_TRANSFER_NOT_OWNED, service, r, 0);
  } else {
    r->owner = OWNER_OS;
    if (r->size < minimum_size) ddk_report_block(c, K_TRANSFER_TOO_SMALL, service, r, 0);
    ddk_check_guards(c, r, service, 0);
  }
  uint32_t added = (uint32_t)(c->violation_count - before);
  ddk_unlock(c);
  return added;
}

/* releaseBuffer: 0 on success, -1 when p is not a live block the OS adopted. */
DDK_API int32_t ddk_release_buffer(uintptr_t p) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return -1;
  ddk_lock(c);
  ddk_rec *r = ddk_heap_lookup(c, p);
  if (!r || r->allocator != A_DOT11EXT || r->owner != OWNER_OS || r->state != ST_LIVE) {
    ddk_unlock(c);
    return -1;
  }
  r->transferred = 1;
  ddk_heap_retire(c, r, S_Dot11ExtFreeBuffer, 0);
  ddk_unlock(c);
  return 0;
}

static int owned_by_dll(const ddk_rec *r) { return r->allocator == A_DOT11EXT && r->owner == OWNER_EXTENSION; }

DDK_API uint32_t ddk_deinit_service(void) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return 0;
  ddk_lock(c);
  uint32_t leaks = ddk_report_live(c, owned_by_dll, K_DOT11EXT_LEAK, S_Dot11ExtIhvDeinitService, 0);
  atomic_store(&c->deinit, 1);
  ddk_unlock(c);
  return leaks;
}

/* ---- the other 20 services: recorded, and answered as the documented host would ---- */

static DWORD noted(int service) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return ERROR_INVALID_STATE;
  enter(c, service);
  ddk_lock(c);
  ddk_note_call(c, service);
  ddk_unlock(c);
  return ERROR_SUCCESS;
}

static DWORD WINAPI SetProfileCustomUserData(HANDLE hDot11SvcHandle, HANDLE hConnectSession, DWORD dwSessionID,
                                             DWORD dwDataSize, LPVOID pvData) {
  (void)hDot11SvcHandle, (void)hConnectSession, (void)dwSessionID;
  DWORD rc = noted(S_Dot11ExtSetProfileCustomUserData);
  if (rc) return rc;
  if (dwDataSize && !pvData) return ERROR_INVALID_PARAMETER;
  uint8_t *copy = dwDataSize ? malloc(dwDataSize) : NULL;
  if (dwDataSize && !copy) return ERROR_NOT_ENOUGH_MEMORY;
  if (copy) memcpy(copy, pvData, dwDataSize);
  ddk_ctx *c = ddk_ctx_get();
  ddk_lock(c);
  free(c->custom_data);
  c->custom_data = copy;
  c->custom_size = dwDataSize;
  c->custom_set = 1;
  ddk_unlock(c);
  return ERROR_SUCCESS;
}

static DWORD WINAPI GetProfileCustomUserData(HANDLE hDot11SvcHandle, HANDLE hConnectSession, DWORD dwSessionID,
                                             DWORD *pdwDataSize, LPVOID *ppvData) {
  (void)hDot11SvcHandle, (void)hConnectSession, (void)dwSessionID;
  DWORD rc = noted(S_Dot11ExtGetProfileCustomUserData);
  if (rc) return rc;
  if (!pdwDataSize || !ppvData) return ERROR_INVALID_PARAMETER;
  *ppvData = NULL;
  *pdwDataSize = 0;
  ddk_ctx *c = ddk_ctx_get();
  ddk_lock(c);
  uint32_t n = c->custom_set ? c->custom_size : c->default_custom_size;
  uint8_t *src = NULL;
  if (n) {
    src = malloc(n);
    if (src) memcpy(src, c->custom_set ? c->custom_data : c->default_custom_data, n);
  }
  ddk_unlock(c);
  if (n && !src) return ERROR_NOT_ENOUGH_MEMORY;
  /* the OS allocates it with the Dot11Ext allocator; the DLL owns it now */
  void *p = dot11_alloc(c, n, 0);
  if (!p) {
    free(src);
    return ERROR_OUTOFMEMORY;
  }
  if (n) memcpy(p, src, n);
  free(src);
  *ppvData = p;
  *pdwDataSize = n;
  return ERROR_SUCCESS;
}

static DWORD WINAPI SetCurrentProfile(HANDLE h, HANDLE s, PDOT11EXT_IHV_CONNECTIVITY_PROFILE conn,
                                      PDOT11EXT_IHV_SECURITY_PROFILE sec) {
  (void)h, (void)s;
  DWORD rc = noted(S_Dot11ExtSetCurrentProfile);
  if (rc) return rc;
  return conn && sec ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
}

/* The DLL keeps ownership of the request until ProcessUIResponse completes it. */
static DWORD WINAPI SendUIRequest(HANDLE h, PDOT11EXT_IHV_UI_REQUEST req) {
  (void)h;
  DWORD rc = noted(S_Dot11ExtSendUIRequest);
  if (rc) return rc;
  return req ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
}

static DWORD WINAPI PreAssociateCompletion(HANDLE h, HANDLE s, DWORD reason, DWORD err) {
  (void)h, (void)s, (void)reason, (void)err;
  return noted(S_Dot11ExtPreAssociateCompletion);
}

static DWORD WINAPI PostAssociateCompletion(HANDLE h, HANDLE s, PDOT11_MAC_ADDRESS peer, DWORD reason, DWORD err) {
  (void)h, (void)s, (void)peer, (void)reason, (void)err;
  return noted(S_Dot11ExtPostAssociateCompletion);
}

static DWORD WINAPI SendNotification(HANDLE h, PL2_NOTIFICATION_DATA data) {
  (void)h;
  DWORD rc = noted(S_Dot11ExtSendNotification);
  if (rc) return rc;
  return data ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
}

static DWORD WINAPI SendPacket(HANDLE h, ULONG len, LPVOID packet, HANDLE completion) {
  (void)h, (void)completion;
  DWORD rc = noted(S_Dot11ExtSendPacket);
  if (rc) return rc;
  return len && !packet ? ERROR_INVALID_PARAMETER : ERROR_SUCCESS;
}

static DWORD WINAPI SetEtherTypeHandling(HANDLE h, ULONG backlog, ULONG nex, PDOT11_PRIVACY_EXEMPTION ex, ULONG nreg,
                                         USHORT *reg) {
  (void)h, (void)backlog;
  DWORD rc = noted(S_Dot11ExtSetEtherTypeHandling);
  if (rc) return rc;
  return (nex && !ex) || (nreg && !reg) ? ERROR_INVALID_PARAMETER : ERROR_SUCCESS;
}

static DWORD WINAPI SetAuthAlgorithm(HANDLE h, DWORD algo) {
  (void)h, (void)algo;
  return noted(S_Dot11ExtSetAuthAlgorithm);
}

static DWORD WINAPI SetUnicastCipherAlgorithm(HANDLE h, DWORD algo) {
  (void)h, (void)algo;
  return noted(S_Dot11ExtSetUnicastCipherAlgorithm);
}

static DWORD WINAPI SetMulticastCipherAlgorithm(HANDLE h, DWORD algo) {
  (void)h, (void)algo;
  return noted(S_Dot11ExtSetMulticastCipherAlgorithm);
}

static DWORD WINAPI SetDefaultKey(HANDLE h, PDOT11_CIPHER_DEFAULT_KEY_VALUE key, DOT11_DIRECTION dir) {
  (void)h, (void)dir;
  DWORD rc = noted(S_Dot11ExtSetDefaultKey);
  if (rc) return rc;
  return key ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
}

static DWORD WINAPI SetKeyMappingKey(HANDLE h, PDOT11_CIPHER_KEY_MAPPING_KEY_VALUE key) {
  (void)h;
  DWORD rc = noted(S_Dot11ExtSetKeyMappingKey);
  if (rc) return rc;
  return key ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
}

static DWORD WINAPI SetDefaultKeyId(HANDLE h, ULONG id) {
  (void)h, (void)id;
  return noted(S_Dot11ExtSetDefaultKeyId);
}

static DWORD WINAPI NicSpecificExtension(HANDLE h, DWORD in_size, LPVOID in, DWORD *out_size, LPVOID out) {
  (void)h, (void)out;
  DWORD rc = noted(S_Dot11ExtNicSpecificExtension);
  if (rc) return rc;
  if ((in_size && !in) || !out_size) return ERROR_INVALID_PARAMETER;
  *out_size = 0; /* no NIC answers here: nothing written back */
  return ERROR_SUCCESS;
}

static DWORD WINAPI SetExcludeUnencrypted(HANDLE h, BOOL exclude) {
  (void)h, (void)exclude;
  return noted(S_Dot11ExtSetExcludeUnencrypted);
}

/* The IHV allocates the EAP attributes with Dot11ExtAllocateBuffer; the framework frees them. */
static DWORD WINAPI StartOneX(HANDLE h, EAP_ATTRIBUTES *attrs) {
  (void)h;
  DWORD rc = noted(S_Dot11ExtStartOneX);
  if (rc) return rc;
  if (attrs) {
    ddk_ctx *c = ddk_ctx_get();
    ddk_lock(c);
    ddk_rec *r = ddk_heap_lookup(c, (uintptr_t)attrs);
    int adoptable = r && r->allocator == A_DOT11EXT && r->state == ST_LIVE && r->owner == OWNER_EXTENSION;
    ddk_unlock(c);
    if (adoptable) {
      ddk_adopt_buffer((uintptr_t)attrs, sizeof(EAP_ATTRIBUTES), S_Dot11ExtStartOneX);
      ddk_release_buffer((uintptr_t)attrs);
    } else {
      ddk_adopt_buffer((uintptr_t)attrs, sizeof(EAP_ATTRIBUTES), S_Dot11ExtStartOneX); /* records why */
    }
  }
  return ERROR_SUCCESS;
}

static DWORD WINAPI StopOneX(HANDLE h) {
  (void)h;
  return noted(S_Dot11ExtStopOneX);
}

static DWORD WINAPI ProcessSecurityPacket(HANDLE h, DWORD size, LPVOID packet) {
  (void)h;
  DWORD rc = noted(S_Dot11ExtProcessSecurityPacket);
  if (rc) return rc;
  return size && !packet ? ERROR_INVALID_PARAMETER : ERROR_SUCCESS;
}

static DOT11EXT_APIS apis = {
    Dot11ExtAllocateBuffer,
    Dot11ExtFreeBuffer,
    SetProfileCustomUserData,
    GetProfileCustomUserData,
    SetCurrentProfile,
    SendUIRequest,
    PreAssociateCompletion,
    PostAssociateCompletion,
    SendNotification,
    SendPacket,
    SetEtherTypeHandling,
    SetAuthAlgorithm,
    SetUnicastCipherAlgorithm,
    SetMulticastCipherAlgorithm,
    SetDefaultKey,
    SetKeyMappingKey,
    SetDefaultKeyId,
    NicSpecificExtension,
    SetExcludeUnencrypted,
    StartOneX,
    StopOneX,
    ProcessSecurityPacket,
};

/* The table passed to Dot11ExtIhvInitService. The DLL must copy it. */
DDK_API PDOT11EXT_APIS ddk_apis(void) { return &apis; }

DDK_API int32_t ddk_set_default_custom_data(const void *bytes, uint32_t n) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return -1;
  uint8_t *copy = n ? malloc(n) : NULL;
  if (n && !copy) return -1;
  if (n) memcpy(copy, bytes, n);
  ddk_lock(c);
  free(c->default_custom_data);
  c->default_custom_data = copy;
  c->default_custom_size = n;
  ddk_unlock(c);
  return 0;
}

/* A call an extension written in TypeScript made to one of the recorded services. */
DDK_API int32_t ddk_record_service_call(int32_t service) {
  if (service < S_Dot11ExtSetProfileCustomUserData || service > S_Dot11ExtProcessSecurityPacket) return -1;
  return noted(service) == ERROR_SUCCESS ? 0 : -1;
}

DDK_API uint64_t ddk_call_count(void) {
  ddk_ctx *c = ddk_ctx_get();
  return c ? c->call_count : 0;
}

DDK_API int32_t ddk_call_get(uint64_t i, ddk_call *out) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return -1;
  ddk_lock(c);
  int ok = i < c->call_count;
  if (ok) *out = c->calls[i];
  ddk_unlock(c);
  return ok ? 0 : -1;
}
