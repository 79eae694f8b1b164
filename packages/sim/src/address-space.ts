/**
 * The simulated address space: fixed regions of reserved addresses (see region.ts). Accesses
 * by pointer are checked against what each region has mapped and then served by the region.
 */
import { formatPointer, type Pointer } from '@ddikit/types';
import { Region } from './region.js';

export class AddressSpace {
  private readonly regions: Region[] = [];

  addRegion(name: string, base: Pointer, reserved: number): Region {
    const region = new Region(name, base, reserved);
    this.regions.push(region);
    return region;
  }

  isMapped(address: Pointer, length: number): boolean {
    const region = this.regionOf(address);
    return region !== undefined && Number(address - region.base) + length <= region.top;
  }

  read(address: Pointer, length: number): Uint8Array {
    const { region, offset } = this.locate(address, length, 'reading');
    return region.read(offset, length);
  }

  write(address: Pointer, bytes: Uint8Array): void {
    const { region, offset } = this.locate(address, bytes.length, 'writing');
    region.write(offset, bytes);
  }

  fill(address: Pointer, length: number, byte: number): void {
    const { region, offset } = this.locate(address, length, 'writing');
    region.fill(offset, length, byte);
  }

  /** The offset of the first byte in the range that is not `byte`, or undefined when all are. */
  findMismatch(address: Pointer, length: number, byte: number): number | undefined {
    const { region, offset } = this.locate(address, length, 'reading');
    return region.findMismatch(offset, length, byte);
  }

  /** Drops every page: the backend is closed. */
  release(): void {
    for (const region of this.regions) region.release();
  }

  private regionOf(address: Pointer): Region | undefined {
    for (const region of this.regions) if (region.contains(address)) return region;
    return undefined;
  }

  private locate(address: Pointer, length: number, access: 'reading' | 'writing'): { region: Region; offset: number } {
    const region = this.regionOf(address);
    if (!region || !this.isMapped(address, length)) {
      const end = region ? region.address(region.top) : address;
      const faulting = address < end ? end : address;
      throw new Error(`access violation ${access} ${formatPointer(faulting)}`);
    }
    return { region, offset: Number(address - region.base) };
  }
}
