/**
 * Checks that a file is a shared library for this machine by its header alone, before
 * anything loads it: a person gets "built for aarch64" rather than a dlopen error.
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { CertificationInputError } from './input-error.js';

const ELF_MACHINES: Record<number, string> = { 3: 'x86', 40: 'arm', 62: 'x64', 183: 'arm64', 243: 'riscv64' };
const MACHO_CPUS: Record<number, string> = { 0x01000007: 'x64', 0x0100000c: 'arm64', 7: 'x86', 12: 'arm' };
const ET_DYN = 3;
const MH_DYLIB = 6;
const MH_BUNDLE = 8;

function header(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const bytes = Buffer.alloc(64);
    const length = readSync(fd, bytes, 0, bytes.length, 0);
    return bytes.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

export function checkLibraryFile(path: string, arch: string = process.arch): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new CertificationInputError('missing', path, `${path}: no such file`);
  }
  if (!isFile) throw new CertificationInputError('not-a-library', path, `${path} is not a file`);
  const h = header(path);
  const notLibrary = (what: string) => new CertificationInputError('not-a-library', path, `${path} is ${what}, not a shared library`);
  const wrongArch = (built: string) =>
    new CertificationInputError('wrong-architecture', path, `${path} is built for ${built}; this machine is ${arch}: build the module for ${arch}`);
  if (h.length >= 20 && h.readUInt32BE(0) === 0x7f454c46) {
    if (h[4] !== 2) throw wrongArch('a 32-bit system');
    if (h.readUInt16LE(16) !== ET_DYN) throw notLibrary('an ELF executable or object file');
    const machine = ELF_MACHINES[h.readUInt16LE(18)] ?? `ELF machine ${h.readUInt16LE(18)}`;
    if (machine !== arch) throw wrongArch(machine);
    return;
  }
  if (h.length >= 16 && h.readUInt32LE(0) === 0xfeedfacf) {
    const filetype = h.readUInt32LE(12);
    if (filetype !== MH_DYLIB && filetype !== MH_BUNDLE) throw notLibrary('a Mach-O file that is not a dylib or bundle');
    const cpu = MACHO_CPUS[h.readUInt32LE(4)] ?? `Mach-O CPU ${h.readUInt32LE(4)}`;
    if (cpu !== arch) throw wrongArch(cpu);
    return;
  }
  // A universal binary holds several architectures; the loader picks the one it needs.
  if (h.length >= 4 && h.readUInt32BE(0) === 0xcafebabe) return;
  if (h.length >= 2 && h.toString('latin1', 0, 2) === 'MZ') throw notLibrary('a Windows PE image (build the same source as a shared library for this system)');
  throw notLibrary(h.length === 0 ? 'empty' : 'not an ELF or Mach-O file');
}
