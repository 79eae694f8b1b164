/** Input that cannot be certified is refused before any case runs, with a reason a person can act on. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CertificationInputError, certifyModule, compileExtension, compileFixture } from '../../src/certify/index.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ddikit-inputs-'));
});

async function refusal(path: string, options: Parameters<typeof certifyModule>[1] = {}): Promise<CertificationInputError> {
  const cases: string[] = [];
  const error = await certifyModule(path, { ...options, onProgress: (e) => cases.push(e.type) }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CertificationInputError);
  expect(cases).toEqual([]);
  expect((error as Error).message).not.toContain('\n');
  return error as CertificationInputError;
}

describe('certifyModule refuses', () => {
  it('a missing file', async () => {
    expect((await refusal(join(dir, 'nope.so'))).reason).toBe('missing');
  });

  it('a text file', async () => {
    const text = join(dir, 'readme.so');
    writeFileSync(text, 'this is not a shared library\n');
    expect((await refusal(text)).reason).toBe('not-a-library');
  });

  it('a library built for another architecture', async () => {
    // A 64-bit little-endian ELF shared object header for aarch64 (or x86-64 on an arm64 host).
    const header = Buffer.alloc(64);
    header.write('\x7fELF', 0, 'latin1');
    header[4] = 2;
    header[5] = 1;
    header[6] = 1;
    header.writeUInt16LE(3, 16);
    header.writeUInt16LE(process.arch === 'arm64' ? 62 : 183, 18);
    const foreign = join(dir, 'foreign.so');
    writeFileSync(foreign, header);
    expect((await refusal(foreign)).reason).toBe('wrong-architecture');
  });

  it('a library that crashes while it loads, saying so, without taking the run down', async () => {
    const source = join(dir, 'constructor-crash.c');
    writeFileSync(
      source,
      [
        '#include <signal.h>',
        '__attribute__((constructor)) static void start(void) { raise(SIGSEGV); }',
        '__attribute__((visibility("default"))) unsigned Dot11ExtIhvGetVersionInfo(void *p) { (void)p; return 0; }',
        '__attribute__((visibility("default"))) unsigned Dot11ExtIhvInitService(unsigned v, void *a, void *r, void *h) { return 0; }',
        '',
      ].join('\n'),
    );
    const library = compileExtension(source, join(dir, 'constructor-crash.so'));
    const error = await refusal(library);
    expect(error.reason).toBe('not-a-library');
    expect(error.message).toContain('SIGSEGV');
  });

  it('a library with no extension exports', async () => {
    const source = join(dir, 'helper.c');
    writeFileSync(source, '__attribute__((visibility("default"))) int vendor_helper(void) { return 1; }\n');
    const library = compileExtension(source, join(dir, 'helper.so'));
    expect((await refusal(library)).reason).toBe('missing-exports');
  });

  it('a library of the other kind than asked for', async () => {
    const ihv = compileFixture('ihv/good', dir);
    expect((await refusal(ihv, { kind: 'ndis' })).reason).toBe('wrong-kind');
    const ndis = compileFixture('ndis/good', dir);
    expect((await refusal(ndis, { kind: 'ihv' })).reason).toBe('wrong-kind');
  });

  it('an NDIS module exporting only one of the pair', async () => {
    const ndis = compileFixture('ndis/good', dir);
    const error = await refusal(ndis, { freeSymbol: 'VendorFreeMdl' });
    expect(error.reason).toBe('missing-exports');
    expect(error.message).toContain('VendorFreeMdl');
  });
});

describe('an IHV module missing one of its two exports', () => {
  it('fails ext.init and skips what cannot run', async () => {
    const source = join(dir, 'half.c');
    writeFileSync(source, '#include <ddikit/wlanihv.h>\nDDIKIT_EXPORT DWORD WINAPI Dot11ExtIhvGetVersionInfo(PDOT11_IHV_VERSION_INFO p) { p->dwVerMin = p->dwVerMax = 0; return 0; }\n');
    const report = await certifyModule(compileExtension(source, join(dir, 'half.so')));
    expect(report.results.find((r) => r.id === 'ext.init')).toMatchObject({ status: 'FAIL', findings: [{ message: expect.stringContaining('Dot11ExtIhvInitService') }] });
    expect(report.results.filter((r) => r.status === 'PASS')).toEqual([]);
    expect(report.summary.cases).toBe(0);
    expect(report.certified).toBe(false);
  });
});
