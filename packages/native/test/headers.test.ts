import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, compileObject } from './compile.js';

afterAll(cleanup);

/* Uses every type, constant and macro the headers promise, as Windows driver code would. */
const SOURCE = String.raw`
#include <ddikit/windows-types.h>
#include <ddikit/wlanihv.h>
#include <ddikit/ndis.h>
#include <ddikit/wdm.h>

#define CHECK(cond) _Static_assert(cond, #cond)
CHECK(sizeof(DOT11EXT_APIS) == 176);
CHECK(sizeof(DOT11EXT_IHV_HANDLERS) == 152);
CHECK(sizeof(MDL) == 48);
CHECK(sizeof(DOT11EXT_IHV_UI_REQUEST) == 48);
CHECK(sizeof(DOT11EXT_IHV_DISCOVERY_PROFILE) == 24);
CHECK(sizeof(DOT11EXT_IHV_DISCOVERY_PROFILE_LIST) == 16);
CHECK(sizeof(NET_BUFFER) == 48);
CHECK(offsetof(NET_BUFFER, DataOffset) == 0x28);
CHECK(offsetof(DOT11EXT_IHV_DISCOVERY_PROFILE, IhvSecurityProfile.bUseMSOnex) == 16);
CHECK(ERROR_SUCCESS == 0 && ERROR_NOT_ENOUGH_MEMORY == 8 && ERROR_OUTOFMEMORY == 14 && ERROR_NOT_SUPPORTED == 50);
CHECK(ERROR_INVALID_PARAMETER == 87 && ERROR_CALL_NOT_IMPLEMENTED == 120 && ERROR_INSUFFICIENT_BUFFER == 122);
CHECK(ERROR_MORE_DATA == 234 && ERROR_NOT_FOUND == 1168 && ERROR_INVALID_STATE == 5023);
CHECK(PASSIVE_LEVEL == 0 && APC_LEVEL == 1 && DISPATCH_LEVEL == 2 && CMCI_LEVEL == 5 && CLOCK_LEVEL == 13);
CHECK(IPI_LEVEL == 14 && POWER_LEVEL == 14 && PROFILE_LEVEL == 15 && HIGH_LEVEL == 15);
CHECK(MDL_MAPPED_TO_SYSTEM_VA == 0x1 && MDL_PAGES_LOCKED == 0x2 && MDL_SOURCE_IS_NONPAGED_POOL == 0x4);
CHECK(MDL_ALLOCATED_FIXED_SIZE == 0x8 && MDL_PARTIAL == 0x10 && MDL_PARTIAL_HAS_BEEN_MAPPED == 0x20);
CHECK(MDL_IO_PAGE_READ == 0x40 && MDL_WRITE_OPERATION == 0x80 && MDL_PARENT_MAPPED_SYSTEM_VA == 0x100);
CHECK(MDL_FREE_EXTRA_PTES == 0x200 && MDL_DESCRIBES_AWE == 0x400 && MDL_IO_SPACE == 0x800);
CHECK(MDL_NETWORK_HEADER == 0x1000 && MDL_MAPPING_CAN_FAIL == 0x2000 && MDL_ALLOCATED_MUST_SUCCEED == 0x4000);
CHECK(MDL_INTERNAL == 0x8000 && PAGE_SIZE == 4096);
CHECK(NDIS_STATUS_SUCCESS == 0 && (ULONG)NDIS_STATUS_FAILURE == 0xC0000001u && (ULONG)NDIS_STATUS_RESOURCES == 0xC000009Au);
CHECK((ULONG)STATUS_INVALID_PARAMETER == 0xC000000Du && STATUS_TIMEOUT == 0x102);
CHECK(NonPagedPool == 0 && PagedPool == 1 && NonPagedPoolNx == 512);
CHECK(POOL_FLAG_NON_PAGED == 0x40 && POOL_FLAG_PAGED == 0x100 && POOL_FLAG_UNINITIALIZED == 0x2);

NET_BUFFER_ALLOCATE_MDL MyAllocateMdl;
NET_BUFFER_FREE_MDL MyFreeMdl;

PMDL MyAllocateMdl(ULONG *BufferSize) {
  NDIS_HANDLE handle = NULL;
  PVOID data = NdisAllocateMemoryWithTagPriority(handle, *BufferSize, 'tkdD', NormalPoolPriority);
  if (!data) return NULL;
  PMDL mdl = NdisAllocateMdl(handle, data, *BufferSize);
  if (!mdl) { NdisFreeMemory(data, 0, 0); return NULL; }
  return mdl;
}

VOID MyFreeMdl(PMDL Mdl) {
  PVOID va = MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority | MdlMappingNoExecute);
  ULONG count = MmGetMdlByteCount(Mdl);
  PVOID start = MmGetMdlVirtualAddress(Mdl);
  (void)count; (void)start;
  NdisFreeMdl(Mdl);
  NdisFreeMemory(va, 0, 0);
}

int use_everything(PNET_BUFFER_LIST nbl) {
  NET_BUFFER_ALLOCATE_MDL_HANDLER a = MyAllocateMdl;
  NET_BUFFER_FREE_MDL_HANDLER f = MyFreeMdl;
  PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
  NDIS_STATUS s = NdisRetreatNetBufferDataStart(nb, 14, 0, a);
  s |= NdisRetreatNetBufferListDataStart(nbl, 4, 0, a, f);
  NdisAdvanceNetBufferDataStart(nb, 14, TRUE, f);
  ULONG off = NET_BUFFER_DATA_OFFSET(nb) + NET_BUFFER_DATA_LENGTH(nb) + NET_BUFFER_CURRENT_MDL_OFFSET(nb);
  PMDL first = NET_BUFFER_FIRST_MDL(nb), cur = NET_BUFFER_CURRENT_MDL(nb);
  PNET_BUFFER next = NET_BUFFER_NEXT_NB(nb);
  PNET_BUFFER_LIST nextl = NET_BUFFER_LIST_NEXT_NBL(nbl);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  PVOID p = ExAllocatePoolWithTag(NonPagedPoolNx, 64, 'tkdD');
  PVOID q = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 'tkdD');
  PMDL m = IoAllocateMdl(p, 64, FALSE, FALSE, NULL);
  MmBuildMdlForNonPagedPool(m);
  ULONG pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(p, 64) + BYTE_OFFSET(p) + (ULONG)(ULONG_PTR)PAGE_ALIGN(p);
  SIZE_T mdlsize = MmSizeOfMdl(p, 64);
  IoFreeMdl(m);
  ExFreePoolWithTag(p, 'tkdD');
  ExFreePool(q);
  KEVENT ev;
  KeInitializeEvent(&ev, NotificationEvent, FALSE);
  LARGE_INTEGER zero = { .QuadPart = 0 };
  NTSTATUS w = KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &zero);
  (void)KeSetEvent(&ev, IO_NO_INCREMENT, FALSE);
  KeLowerIrql(old);
  KIRQL now = KeGetCurrentIrql();
  POOL_TYPE pt = PagedPool;
  POOL_FLAGS pf = POOL_FLAG_UNINITIALIZED;
  CSHORT size = ((MDL *)0 == first) ? 0 : first->Size;
  EX_POOL_PRIORITY pr = HighPoolPriority;
  return (int)(s + off + pages + (int)mdlsize + (first == cur) + (next == NULL) + (nextl == NULL) + w + now + pt +
               (int)pf + size + pr);
}

/* The IHV side */
static DOT11EXT_APIS apis;
DWORD WINAPI Dot11ExtIhvGetVersionInfo(PDOT11_IHV_VERSION_INFO info) { info->dwVerMin = info->dwVerMax = 0; return ERROR_SUCCESS; }
DWORD WINAPI Dot11ExtIhvInitService(DWORD v, PDOT11EXT_APIS a, LPVOID r, PDOT11EXT_IHV_HANDLERS h) {
  (void)v; (void)r; (void)h;
  apis = *a;
  DOT11EXT_ALLOCATE_BUFFER alloc = a->Dot11ExtAllocateBuffer;
  DOT11EXT_FREE_BUFFER free_ = a->Dot11ExtFreeBuffer;
  DOT11EXT_SET_PROFILE_CUSTOM_USER_DATA s1 = a->Dot11ExtSetProfileCustomUserData;
  DOT11EXT_GET_PROFILE_CUSTOM_USER_DATA s2 = a->Dot11ExtGetProfileCustomUserData;
  DOT11EXT_SET_CURRENT_PROFILE s3 = a->Dot11ExtSetCurrentProfile;
  DOT11EXT_SEND_UI_REQUEST s4 = a->Dot11ExtSendUIRequest;
  DOT11EXT_PRE_ASSOCIATE_COMPLETION s5 = a->Dot11ExtPreAssociateCompletion;
  DOT11EXT_POST_ASSOCIATE_COMPLETION s6 = a->Dot11ExtPostAssociateCompletion;
  DOT11EXT_SEND_NOTIFICATION s7 = a->Dot11ExtSendNotification;
  DOT11EXT_SEND_PACKET s8 = a->Dot11ExtSendPacket;
  DOT11EXT_SET_ETHERTYPE_HANDLING s9 = a->Dot11ExtSetEtherTypeHandling;
  DOT11EXT_SET_AUTH_ALGORITHM s10 = a->Dot11ExtSetAuthAlgorithm;
  DOT11EXT_SET_UNICAST_CIPHER_ALGORITHM s11 = a->Dot11ExtSetUnicastCipherAlgorithm;
  DOT11EXT_SET_MULTICAST_CIPHER_ALGORITHM s12 = a->Dot11ExtSetMulticastCipherAlgorithm;
  DOT11EXT_SET_DEFAULT_KEY s13 = a->Dot11ExtSetDefaultKey;
  DOT11EXT_SET_KEY_MAPPING_KEY s14 = a->Dot11ExtSetKeyMappingKey;
  DOT11EXT_SET_DEFAULT_KEY_ID s15 = a->Dot11ExtSetDefaultKeyId;
  DOT11EXT_NIC_SPECIFIC_EXTENSION s16 = a->Dot11ExtNicSpecificExtension;
  DOT11EXT_SET_EXCLUDE_UNENCRYPTED s17 = a->Dot11ExtSetExcludeUnencrypted;
  DOT11EXT_ONEX_START s18 = a->Dot11ExtStartOneX;
  DOT11EXT_ONEX_STOP s19 = a->Dot11ExtStopOneX;
  DOT11EXT_PROCESS_ONEX_PACKET s20 = a->Dot11ExtProcessSecurityPacket;
  (void)alloc; (void)free_; (void)s1; (void)s2; (void)s3; (void)s4; (void)s5; (void)s6; (void)s7; (void)s8; (void)s9;
  (void)s10; (void)s11; (void)s12; (void)s13; (void)s14; (void)s15; (void)s16; (void)s17; (void)s18; (void)s19; (void)s20;
  DOT11EXTIHV_DEINIT_SERVICE h1 = NULL; DOT11EXTIHV_INIT_ADAPTER h2 = NULL; DOT11EXTIHV_DEINIT_ADAPTER h3 = NULL;
  DOT11EXTIHV_PERFORM_PRE_ASSOCIATE h4 = NULL; DOT11EXTIHV_ADAPTER_RESET h5 = NULL;
  DOT11EXTIHV_PERFORM_POST_ASSOCIATE h6 = NULL; DOT11EXTIHV_STOP_POST_ASSOCIATE h7 = NULL;
  DOT11EXTIHV_VALIDATE_PROFILE h8 = NULL; DOT11EXTIHV_PERFORM_CAPABILITY_MATCH h9 = NULL;
  DOT11EXTIHV_CREATE_DISCOVERY_PROFILES h10 = NULL; DOT11EXTIHV_PROCESS_SESSION_CHANGE h11 = NULL;
  DOT11EXTIHV_RECEIVE_INDICATION h12 = NULL; DOT11EXTIHV_RECEIVE_PACKET h13 = NULL;
  DOT11EXTIHV_SEND_PACKET_COMPLETION h14 = NULL; DOT11EXTIHV_IS_UI_REQUEST_PENDING h15 = NULL;
  DOT11EXTIHV_PROCESS_UI_RESPONSE h16 = NULL; DOT11EXTIHV_QUERY_UI_REQUEST h17 = NULL;
  DOT11EXTIHV_ONEX_INDICATE_RESULT h18 = NULL; DOT11EXTIHV_CONTROL h19 = NULL;
  DOT11EXTIHV_GET_VERSION_INFO gv = Dot11ExtIhvGetVersionInfo; DOT11EXTIHV_INIT_SERVICE is = Dot11ExtIhvInitService;
  (void)h1; (void)h2; (void)h3; (void)h4; (void)h5; (void)h6; (void)h7; (void)h8; (void)h9; (void)h10; (void)h11;
  (void)h12; (void)h13; (void)h14; (void)h15; (void)h16; (void)h17; (void)h18; (void)h19; (void)gv; (void)is;
  DOT11EXT_IHV_UI_REQUEST ui = { 0 };
  ui.dwSessionId = 1; ui.dwByteCount = 0; ui.pvUIRequest = NULL;
  GUID g = ui.guidUIRequest; CLSID c = ui.UIPageClsid; (void)g; (void)c;
  DOT11EXT_IHV_DISCOVERY_PROFILE_LIST list = { 0, NULL };
  DOT11EXT_IHV_PROFILE_PARAMS params = { NULL, dot11_BSS_type_infrastructure, NULL };
  DOT11EXT_IHV_SSID_LIST ssids = { 1, { { 4, "ddik" } } };
  DOT11_SSID ssid = ssids.SSIDs[0];
  DOT11_BSS_LIST bss = { 0, NULL };
  DOT11_ADAPTER adapter = { { 0, 0, 0, { 0 } }, NULL, { 0, 1 } };
  DOT11EXT_IHV_CONNECTIVITY_PROFILE conn = { NULL };
  DOT11EXT_IHV_SECURITY_PROFILE sec = { NULL, FALSE };
  DOT11EXT_IHV_CONNECTION_PHASE phase = connection_phase_initial_connection;
  HANDLE handle = NULL; PHANDLE ph = &handle; LPWSTR w = NULL; WCHAR wc = 0; BYTE b = 0; UCHAR uc = 0; USHORT us = 0;
  BOOL ok = TRUE; DWORD d = MAXDWORD;
  (void)list; (void)params; (void)ssid; (void)bss; (void)adapter; (void)conn; (void)sec; (void)phase; (void)ph; (void)w;
  (void)wc; (void)b; (void)uc; (void)us; (void)ok; (void)d;
  return ERROR_SUCCESS;
}
`;

describe('the public C headers', () => {
  it('compile Windows-style driver and extension code with -Wall -Wextra -Werror', () => {
    expect(() => compileObject('everything', SOURCE, ['-Wall', '-Wextra', '-Werror', '-Wno-multichar'])).not.toThrow();
  });

  it('compile as C++ too', () => {
    expect(() =>
      compileObject('cpp', '#include <ddikit/wlanihv.h>\n#include <ddikit/ndis.h>\nint x;\n', ['-x', 'c++', '-std=c++17', '-Wall', '-Werror']),
    ).not.toThrow();
  });
});
