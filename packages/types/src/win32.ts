/** Win32 error codes the Dot11Ext services and IHV handlers return (winerror.h). */
export const Win32Error = {
  ERROR_SUCCESS: 0,
  ERROR_NOT_ENOUGH_MEMORY: 8,
  ERROR_OUTOFMEMORY: 14,
  ERROR_NOT_SUPPORTED: 50,
  ERROR_INVALID_PARAMETER: 87,
  ERROR_CALL_NOT_IMPLEMENTED: 120,
  ERROR_INSUFFICIENT_BUFFER: 122,
  ERROR_MORE_DATA: 234,
  ERROR_NOT_FOUND: 1168,
  ERROR_INVALID_STATE: 5023,
} as const;

export type Win32Error = (typeof Win32Error)[keyof typeof Win32Error];

/** The largest DWORD: the top of Dot11ExtAllocateBuffer's dwByteCount range. */
export const MAXDWORD = 0xffff_ffff;
