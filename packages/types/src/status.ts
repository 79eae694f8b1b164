/** NDIS_STATUS and NTSTATUS values the NDIS and kernel services return. */
export const NdisStatus = {
  NDIS_STATUS_SUCCESS: 0x0000_0000,
  NDIS_STATUS_FAILURE: 0xc000_0001,
  NDIS_STATUS_RESOURCES: 0xc000_009a,
} as const;

export type NdisStatus = (typeof NdisStatus)[keyof typeof NdisStatus];

export const NtStatus = {
  STATUS_SUCCESS: 0x0000_0000,
  STATUS_TIMEOUT: 0x0000_0102,
  STATUS_INVALID_PARAMETER: 0xc000_000d,
  STATUS_INSUFFICIENT_RESOURCES: 0xc000_009a,
} as const;

export type NtStatus = (typeof NtStatus)[keyof typeof NtStatus];
