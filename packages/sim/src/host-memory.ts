/**
 * Host memory: the OS's own structures and the inputs it hands to handlers, outside every
 * verified allocator. Never reused, so it always starts zeroed and a stale pointer stays
 * readable (as a freed stack or heap pointer would be).
 */
import { formatPointer, type Pointer } from '@ddikit/types';
import type { Region } from './region.js';
import { roundUp } from './arguments.js';

const ALIGNMENT = 16;

export class HostMemory {
  private readonly live = new Map<Pointer, number>();

  constructor(private readonly region: Region) {}

  allocate(size: number): Pointer {
    // Even an empty allocation gets its own address.
    const offset = this.region.grow(roundUp(Math.max(size, 1), ALIGNMENT));
    if (offset === undefined) throw new Error(`host memory exhausted: cannot set aside ${size} more bytes`);
    const address = this.region.address(offset);
    this.live.set(address, size);
    return address;
  }

  free(address: Pointer): void {
    if (!this.live.delete(address)) throw new Error(`freeHost(${formatPointer(address)}): not a live host allocation`);
  }
}
