/*
 * ddikit: the Windows base types the IHV and NDIS headers use, for building Windows
 * driver and extension code on any x64 or arm64 system (LP64). Sizes follow the
 * Windows LLP64 model: ULONG and LONG are 32 bits, pointers 64.
 */
#ifndef DDIKIT_WINDOWS_TYPES_H
#define DDIKIT_WINDOWS_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef WINAPI
#define WINAPI
#endif
#ifndef NTAPI
#define NTAPI
#endif
#ifndef APIENTRY
#define APIENTRY WINAPI
#endif
#ifndef CALLBACK
#define CALLBACK
#endif
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
#ifndef UNREFERENCED_PARAMETER
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#endif

#if defined(_WIN32)
#define DDIKIT_EXPORT __declspec(dllexport)
#else
#define DDIKIT_EXPORT __attribute__((visibility("default")))
#endif

#define VOID void
typedef void *PVOID;
typedef void *LPVOID;
typedef const void *LPCVOID;
typedef char CHAR;
typedef char CCHAR;
typedef CHAR *PCHAR;
typedef unsigned char UCHAR;
typedef UCHAR *PUCHAR;
typedef uint8_t BYTE;
typedef BYTE *PBYTE;
typedef BYTE *LPBYTE;
typedef UCHAR BOOLEAN;
typedef BOOLEAN *PBOOLEAN;
typedef int16_t SHORT;
typedef int16_t CSHORT;
typedef uint16_t USHORT;
typedef USHORT *PUSHORT;
typedef uint16_t WORD;
typedef int32_t LONG;
typedef LONG *PLONG;
typedef uint32_t ULONG;
typedef ULONG *PULONG;
typedef int32_t INT;
typedef uint32_t UINT;
typedef UINT *PUINT;
typedef uint32_t DWORD;
typedef DWORD *PDWORD;
typedef DWORD *LPDWORD;
typedef int BOOL;
typedef BOOL *PBOOL;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef uint64_t ULONG64;
typedef ULONG64 *PULONG64;
typedef uint64_t DWORD64;
typedef uintptr_t ULONG_PTR;
typedef intptr_t LONG_PTR;
typedef uintptr_t SIZE_T;
typedef SIZE_T *PSIZE_T;
typedef uint16_t WCHAR;
typedef WCHAR *PWCHAR;
typedef WCHAR *LPWSTR;
typedef WCHAR *PWSTR;
typedef const WCHAR *LPCWSTR;
typedef const WCHAR *PCWSTR;
typedef CHAR *LPSTR;
typedef const CHAR *LPCSTR;
typedef void *HANDLE;
typedef HANDLE *PHANDLE;
typedef LONG NTSTATUS;

#ifdef __cplusplus
#define DDIKIT_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define DDIKIT_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif

typedef union _LARGE_INTEGER {
  struct {
    ULONG LowPart;
    LONG HighPart;
  };
  struct {
    ULONG LowPart;
    LONG HighPart;
  } u;
  LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef struct _GUID {
  uint32_t Data1;
  uint16_t Data2;
  uint16_t Data3;
  uint8_t Data4[8];
} GUID, *PGUID, *LPGUID;
typedef GUID CLSID;
typedef CLSID *LPCLSID;
typedef GUID IID;

typedef struct _LIST_ENTRY {
  struct _LIST_ENTRY *Flink;
  struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

/* winerror.h */
#define ERROR_SUCCESS 0L
#define NO_ERROR 0L
#define ERROR_INVALID_FUNCTION 1L
#define ERROR_ACCESS_DENIED 5L
#define ERROR_INVALID_HANDLE 6L
#define ERROR_NOT_ENOUGH_MEMORY 8L
#define ERROR_INVALID_DATA 13L
#define ERROR_OUTOFMEMORY 14L
#define ERROR_NOT_SUPPORTED 50L
#define ERROR_INVALID_PARAMETER 87L
#define ERROR_CALL_NOT_IMPLEMENTED 120L
#define ERROR_INSUFFICIENT_BUFFER 122L
#define ERROR_MORE_DATA 234L
#define ERROR_NOT_FOUND 1168L
#define ERROR_INVALID_STATE 5023L

#define MAXDWORD 0xffffffffu
#define MAXULONG 0xffffffffu

DDIKIT_STATIC_ASSERT(sizeof(DWORD) == 4, "DWORD is 32 bits");
DDIKIT_STATIC_ASSERT(sizeof(ULONG) == 4, "ULONG is 32 bits");
DDIKIT_STATIC_ASSERT(sizeof(WCHAR) == 2, "WCHAR is 16 bits");
DDIKIT_STATIC_ASSERT(sizeof(GUID) == 16, "GUID is 16 bytes");
DDIKIT_STATIC_ASSERT(sizeof(LARGE_INTEGER) == 8, "LARGE_INTEGER is 8 bytes");

#ifdef __cplusplus
}
#endif

#endif /* DDIKIT_WINDOWS_TYPES_H */
