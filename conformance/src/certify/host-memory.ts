/** Builds the OS's own structures in host memory, the way the WLAN service lays them out. */
import type { MemoryAccess, Pointer } from '@ddikit/types';

/** Host memory holding exactly these bytes. */
export function hostBytes(memory: MemoryAccess, bytes: Uint8Array): Pointer {
  const address = memory.allocateHost(bytes.length);
  memory.write(address, bytes);
  return address;
}

/** A zeroed host structure of `size` bytes, filled in by `fill` through a little-endian view. */
export function hostStruct(memory: MemoryAccess, size: number, fill: (view: DataView) => void = () => {}): Pointer {
  const bytes = new Uint8Array(size);
  fill(new DataView(bytes.buffer));
  return hostBytes(memory, bytes);
}
