/*
 * ddikit: the NDIS (ndis.h / nblapi.h) subset for NET_BUFFER MDL handlers: NET_BUFFER
 * and NET_BUFFER_LIST with the real field names and x64 offsets of their data headers,
 * the NetAllocateMdl/NetFreeMdl handler types, NDIS memory and MDL services, and
 * Retreat/Advance. Includes the kernel subset (wdm.h).
 */
#ifndef DDIKIT_NDIS_H
#define DDIKIT_NDIS_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef NDIS_API
#define NDIS_API
#endif

typedef int NDIS_STATUS, *PNDIS_STATUS;
typedef PVOID NDIS_HANDLE, *PNDIS_HANDLE;

#define NDIS_STATUS_SUCCESS ((NDIS_STATUS)STATUS_SUCCESS)
#define NDIS_STATUS_PENDING ((NDIS_STATUS)0x00000103L)
#define NDIS_STATUS_FAILURE ((NDIS_STATUS)STATUS_UNSUCCESSFUL)
#define NDIS_STATUS_RESOURCES ((NDIS_STATUS)STATUS_INSUFFICIENT_RESOURCES)
#define NDIS_STATUS_INVALID_PARAMETER ((NDIS_STATUS)STATUS_INVALID_PARAMETER)

/* NET_BUFFER_ALLOCATE_MDL / NET_BUFFER_FREE_MDL (nblapi.h) */
typedef MDL *NET_BUFFER_ALLOCATE_MDL(ULONG *BufferSize);
typedef VOID NET_BUFFER_FREE_MDL(MDL *Mdl);
typedef NET_BUFFER_ALLOCATE_MDL *NET_BUFFER_ALLOCATE_MDL_HANDLER;
typedef NET_BUFFER_FREE_MDL *NET_BUFFER_FREE_MDL_HANDLER;

typedef union _NET_BUFFER_DATA_LENGTH {
  ULONG DataLength;
  SIZE_T stDataLength;
} NET_BUFFER_DATA_LENGTH, *PNET_BUFFER_DATA_LENGTH;

typedef struct _NET_BUFFER NET_BUFFER, *PNET_BUFFER;
typedef struct _NET_BUFFER_LIST NET_BUFFER_LIST, *PNET_BUFFER_LIST;

typedef struct _NET_BUFFER_DATA {
  PNET_BUFFER Next;
  PMDL CurrentMdl;
  ULONG CurrentMdlOffset;
  union {
    ULONG DataLength;
    SIZE_T stDataLength;
  };
  PMDL MdlChain;
  ULONG DataOffset;
} NET_BUFFER_DATA, *PNET_BUFFER_DATA;

typedef union _NET_BUFFER_HEADER {
  NET_BUFFER_DATA NetBufferData;
} NET_BUFFER_HEADER, *PNET_BUFFER_HEADER;

/*
 * The NET_BUFFER fields NDIS's data-start functions use, at their real offsets. The real
 * structure continues after DataOffset (ChecksumBias, NdisPoolHandle, ...); ddikit's NET_BUFFERs
 * are these 48 bytes.
 */
struct _NET_BUFFER {
  union {
    struct {
      PNET_BUFFER Next;
      PMDL CurrentMdl;
      ULONG CurrentMdlOffset;
      union {
        ULONG DataLength;
        SIZE_T stDataLength;
      };
      PMDL MdlChain;
      ULONG DataOffset;
    };
    NET_BUFFER_HEADER NetBufferHeader;
  };
};

typedef struct _NET_BUFFER_LIST_DATA {
  PNET_BUFFER_LIST Next;
  PNET_BUFFER FirstNetBuffer;
} NET_BUFFER_LIST_DATA, *PNET_BUFFER_LIST_DATA;

typedef union _NET_BUFFER_LIST_HEADER {
  NET_BUFFER_LIST_DATA NetBufferListData;
} NET_BUFFER_LIST_HEADER, *PNET_BUFFER_LIST_HEADER;

/* The NET_BUFFER_LIST fields the list form of Retreat uses. */
struct _NET_BUFFER_LIST {
  union {
    struct {
      PNET_BUFFER_LIST Next;
      PNET_BUFFER FirstNetBuffer;
    };
    NET_BUFFER_LIST_HEADER NetBufferListHeader;
  };
};

#define NET_BUFFER_NEXT_NB(_NB) ((_NB)->Next)
#define NET_BUFFER_FIRST_MDL(_NB) ((_NB)->MdlChain)
#define NET_BUFFER_DATA_LENGTH(_NB) ((_NB)->DataLength)
#define NET_BUFFER_DATA_OFFSET(_NB) ((_NB)->DataOffset)
#define NET_BUFFER_CURRENT_MDL(_NB) ((_NB)->CurrentMdl)
#define NET_BUFFER_CURRENT_MDL_OFFSET(_NB) ((_NB)->CurrentMdlOffset)
#define NET_BUFFER_LIST_NEXT_NBL(_NBL) ((_NBL)->Next)
#define NET_BUFFER_LIST_FIRST_NB(_NBL) ((_NBL)->FirstNetBuffer)

NDIS_API NDIS_STATUS NdisRetreatNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, ULONG DataBackFill,
                                                   NET_BUFFER_ALLOCATE_MDL *AllocateMdlHandler);
NDIS_API NDIS_STATUS NdisRetreatNetBufferListDataStart(PNET_BUFFER_LIST NetBufferList, ULONG DataOffsetDelta,
                                                       ULONG DataBackFill, NET_BUFFER_ALLOCATE_MDL *AllocateMdlHandler,
                                                       NET_BUFFER_FREE_MDL *FreeMdlHandler);
NDIS_API VOID NdisAdvanceNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, BOOLEAN FreeMdl,
                                            NET_BUFFER_FREE_MDL *FreeMdlHandler);
NDIS_API VOID NdisAdvanceNetBufferListDataStart(PNET_BUFFER_LIST NetBufferList, ULONG DataOffsetDelta,
                                                BOOLEAN FreeMdl, NET_BUFFER_FREE_MDL *FreeMdlMdlHandler);

/* NDIS memory and MDLs */
NDIS_API PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle, UINT Length, ULONG Tag,
                                                 EX_POOL_PRIORITY Priority);
NDIS_API VOID NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags);
NDIS_API PMDL NdisAllocateMdl(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, UINT Length);
NDIS_API VOID NdisFreeMdl(PMDL Mdl);

#define NdisGetMdlPhysicalLength(_Mdl) MmGetMdlByteCount(_Mdl)
#define NDIS_MDL_LINKAGE(_Mdl) ((_Mdl)->Next)
#define NDIS_MDL_TO_BUFFER(_Mdl, _Priority) MmGetSystemAddressForMdlSafe((_Mdl), (_Priority))
#define NdisQueryMdl(_Mdl, _VirtualAddress, _Length, _Priority)                                                       \
  do {                                                                                                                \
    if (ARGUMENT_PRESENT_DDIKIT(_VirtualAddress)) {                                                                   \
      *(PVOID *)(_VirtualAddress) = MmGetSystemAddressForMdlSafe((_Mdl), (_Priority));                                \
    }                                                                                                                 \
    *(_Length) = MmGetMdlByteCount(_Mdl);                                                                             \
  } while (0)
#define ARGUMENT_PRESENT_DDIKIT(p) ((p) != NULL)

#if defined(__x86_64__) || defined(_M_X64) || defined(__aarch64__) || defined(_M_ARM64)
DDIKIT_STATIC_ASSERT(sizeof(NET_BUFFER) == 48, "the NET_BUFFER subset is 48 bytes");
DDIKIT_STATIC_ASSERT(offsetof(NET_BUFFER, CurrentMdl) == 0x08, "NET_BUFFER.CurrentMdl at 0x08");
DDIKIT_STATIC_ASSERT(offsetof(NET_BUFFER, CurrentMdlOffset) == 0x10, "NET_BUFFER.CurrentMdlOffset at 0x10");
DDIKIT_STATIC_ASSERT(offsetof(NET_BUFFER, DataLength) == 0x18, "NET_BUFFER.DataLength at 0x18");
DDIKIT_STATIC_ASSERT(offsetof(NET_BUFFER, MdlChain) == 0x20, "NET_BUFFER.MdlChain at 0x20");
DDIKIT_STATIC_ASSERT(offsetof(NET_BUFFER, DataOffset) == 0x28, "NET_BUFFER.DataOffset at 0x28");
DDIKIT_STATIC_ASSERT(sizeof(NET_BUFFER_LIST) == 16, "the NET_BUFFER_LIST subset is 16 bytes");
#endif

#ifdef __cplusplus
}
#endif

#endif /* DDIKIT_NDIS_H */
