/** A pointer in the backend's address space, as koffi 3 gives them. 0n is NULL. */
export type Pointer = bigint;

export const NULL: Pointer = 0n;

/** 0x00007ffd12345678 – the form reports and messages use. */
export function formatPointer(address: Pointer): string {
  return `0x${address.toString(16).padStart(16, '0')}`;
}
