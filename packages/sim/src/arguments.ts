/** Arithmetic the allocator and the MDL layout share. */

export function roundUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
