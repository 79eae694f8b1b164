import { compileExtension, compileFixture, ensureExampleBuilt } from '@ddikit/conformance';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { progressLine } from '../src/progress.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ddikit-certify-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Certification forks a process per case: minutes of margin on a loaded machine. */
const CERTIFY_TIMEOUT = 120_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI as a real child process in the scratch folder, its stdout and stderr pipes (no colour, no progress). */
function ddikit(...args: string[]): Promise<Run> {
  return new Promise((resolvePromise) => {
    const child = execFile(process.execPath, [bin, 'certify', ...args], { cwd: scratch, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' }, timeout: CERTIFY_TIMEOUT }, (_error, stdout, stderr) =>
      resolvePromise({ status: child.exitCode, stdout, stderr }),
    );
  });
}

/** Exit 2, nothing on stdout, and stderr exactly one line `ddikit: <reason>` with no stack trace. */
function expectUsageError(result: Run, reason: RegExp) {
  expect(result.stderr).toMatch(/^ddikit: [^\n]+\n$/);
  expect(result.stderr).toMatch(reason);
  expect(result.stdout).toBe('');
  expect(result.status).toBe(2);
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let leak: string;
beforeAll(() => {
  leak = compileFixture('ihv/leak', scratch);
  writeFileSync(join(scratch, 'unrelated.c'), 'int ddikit_unrelated_export(void) { return 42; }\n');
  // The bad-input cases name these files relative to the scratch folder the CLI runs in.
  compileExtension(join(scratch, 'unrelated.c'), join(scratch, 'unrelated.so'));
  writeFileSync(join(scratch, 'notes.txt'), 'not a library\n');
}, CERTIFY_TIMEOUT);

describe('ddikit certify', () => {
  test(
    '--example certifies the bundled IHV extension: exit 0, the JSON report alone on stdout, with the module hash',
    async () => {
      const r = await ddikit('--example', '--reporter', 'json');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.certified).toBe(true);
      expect(report.module.kind).toBe('ihv');
      expect(report.module.sha256).toBe(sha256(ensureExampleBuilt()));
      expect(report.module.sha256).toBe(sha256(report.module.path));
      expect(report.backend.name).toBe('native');
      expect(report.results.find((c: { id: string }) => c.id === 'ext.own.freed').status).toBe('PASS');
    },
    CERTIFY_TIMEOUT,
  );

  test(
    'a leaking extension: exit 1, ext.own.freed FAILs with the evidence of the leak',
    async () => {
      const r = await ddikit(leak, '--reporter', 'json', '--seed', '3', '--case-timeout', '20000');
      expect(r.status).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.certified).toBe(false);
      expect(report.module.sha256).toBe(sha256(leak));
      expect(report.seed).toBe(3);
      expect(report.options.caseTimeoutMs).toBe(20000);
      const freed = report.results.find((c: { id: string }) => c.id === 'ext.own.freed');
      expect(freed.status).toBe('FAIL');
      expect(freed.findings[0].evidence).toMatchObject({
        address: expect.stringMatching(/^0x[0-9a-f]{16}$/),
        size: expect.any(Number),
        order: expect.any(Number),
        allocatedBy: 'Dot11ExtIhvInitAdapter',
        code: '0xC4/0x62',
      });
    },
    CERTIFY_TIMEOUT,
  );

  test(
    'the pretty report of a failure names the contract, the evidence and the verdict',
    async () => {
      const r = await ddikit(leak);
      expect(r.status).toBe(1);
      expect(r.stdout).not.toContain('\u001b[');
      expect(r.stdout).toContain(`ddikit certify ${leak}`);
      expect(r.stdout).toContain('  FAIL  ext.own.freed');
      expect(r.stdout).toContain('allocated by: Dot11ExtIhvInitAdapter');
      expect(r.stdout).toContain('code: 0xC4/0x62');
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('NOT CERTIFIED');
    },
    CERTIFY_TIMEOUT,
  );

  test(
    '--out writes a JUnit report and refuses to replace it without --force',
    async () => {
      const out = join(scratch, 'example.xml');
      const first = await ddikit('--example', '--reporter', 'junit', '--out', 'example.xml');
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(/^CERTIFIED: 9 passed, 0 failed, 0 skipped, 0 errored; report written to .*example\.xml\n$/);
      const written = readFileSync(out, 'utf8');
      expect(written).toContain('<testcase name="ext.own.freed" classname="ihv"/>');

      writeFileSync(out, 'keep me');
      expectUsageError(await ddikit('--example', '--reporter', 'junit', '--out', 'example.xml'), /example\.xml already exists; pass --force to overwrite it/);
      expect(readFileSync(out, 'utf8')).toBe('keep me');

      const forced = await ddikit('--example', '--reporter', 'junit', '--out', 'example.xml', '--force');
      expect(forced.status).toBe(0);
      expect(readFileSync(out, 'utf8')).toContain('<testsuite name="ddikit certify ');
    },
    CERTIFY_TIMEOUT,
  );

  test(
    '--fault-sweep asks for what is the default: the sweep runs and injects faults',
    async () => {
      const r = await ddikit('--example', '--fault-sweep', '--reporter', 'json');
      expect(r.status).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.options.faultSweep).toBe(true);
      expect(report.summary.casesWithFaults).toBeGreaterThan(0);
    },
    CERTIFY_TIMEOUT,
  );

  test(
    '--no-fault-sweep leaves ext.oom unchecked, so the module is not certified',
    async () => {
      const r = await ddikit('--example', '--no-fault-sweep', '--reporter', 'json');
      expect(r.status).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.options.faultSweep).toBe(false);
      expect(report.results.find((c: { id: string }) => c.id === 'ext.oom')).toMatchObject({ status: 'SKIP', reason: 'the fault sweep was turned off' });
      expect(report.summary.casesWithFaults).toBe(0);
    },
    CERTIFY_TIMEOUT,
  );

  test.each([
    [['notes.txt'], /notes\.txt is not a shared library/],
    [['absent.so'], /absent\.so: no such file/],
    [['unrelated.so'], /unrelated\.so exports none of Dot11ExtIhvGetVersionInfo, Dot11ExtIhvInitService, NetAllocateMdl, NetFreeMdl/],
    [['unrelated.so', '--kind', 'foo'], /unknown --kind "foo" \(one of ihv, ndis\)/],
    [['--example', '--kind', 'ndis'], /is an IHV extension \(it exports .*\), not an NDIS handler module/],
    [['--example', '--fault-probability', '2'], /--fault-probability must be a number from 0 to 1, got "2"/],
    [['--example', '--case-timeout', '10s'], /--case-timeout must be an integer/],
    [['--example', '--fault-sweep', '--no-fault-sweep'], /give --fault-sweep or --no-fault-sweep, not both/],
    [['--example', '--reporter', 'html'], /unknown reporter "html"/],
    [['--example', '--out', 'no/such/folder/r.json'], /cannot write no\/such\/folder\/r\.json: folder .* does not exist/],
    [['--example', 'unrelated.so'], /give a module or --example, not both/],
    [[], /missing <module>/],
    [['unrelated.so', 'second.so'], /unexpected argument "second\.so"/],
  ])(
    'bad input %j: exit 2 with a one-line reason',
    async (args, reason) => {
      expectUsageError(await ddikit(...args), reason);
    },
    CERTIFY_TIMEOUT,
  );

  test('--help explains the options, the contracts of each kind, the exit codes, with examples', async () => {
    const r = await ddikit('--help');
    expect(r.status).toBe(0);
    for (const option of ['--example', '--kind', '--allocate-symbol', '--free-symbol', '--fault-sweep', '--no-fault-sweep', '--seed', '--fault-probability', '--case-timeout', '--reporter', '--out', '--force'])
      expect(r.stdout).toMatch(new RegExp(`^ +(-\\w, )?${option}\\b.* {2}\\w`, 'm'));
    expect(r.stdout).toContain('Contracts checked for --kind ihv');
    expect(r.stdout).toContain('Contracts checked for --kind ndis');
    for (const id of ['ext.init', 'ext.oom', 'ext.hang', 'ndis.handler.mdl', 'ndis.handler.leak']) expect(r.stdout).toMatch(new RegExp(`^  ${id.replace('.', '\\.')} +\\S`, 'm'));
    expect(r.stdout).toContain('0  certified');
    expect(r.stdout).toContain('1  not certified');
    expect(r.stdout).toContain('2  bad usage or input');
    expect(r.stdout).toContain('  ddikit certify --example');
  });

  test('the program help lists certify', async () => {
    const r = await new Promise<Run>((done) => {
      const child = execFile(process.execPath, [bin, '--help'], { encoding: 'utf8' }, (_e, stdout, stderr) => done({ status: child.exitCode, stdout, stderr }));
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}certify {2,}certify an IHV extension/m);
  });
});

describe('progress', () => {
  const terminal = () => {
    const written: string[] = [];
    return { written, stream: { isTTY: true, columns: 60, write: (text: string) => written.push(text) } };
  };

  test('a terminal gets one status line, rewritten in place, naming the running case and handler, then erased', () => {
    const { written, stream } = terminal();
    const progress = progressLine(stream, 'ihv.so')!;
    progress.onProgress({ type: 'case-start', case: 'lifecycle' });
    progress.onProgress({ type: 'handler', case: 'lifecycle', handler: 'Dot11ExtIhvInitAdapter' });
    progress.onProgress({ type: 'case-end', case: 'lifecycle', outcome: 'completed' });
    progress.clear();
    expect(written.every((text) => text.startsWith('\r\u001b[2K') && !text.includes('\n'))).toBe(true);
    // Cut to the terminal's width less one, so the line never wraps.
    expect(written[1]).toBe('\r\u001b[2Kcertifying ihv.so: 0 cases done; running lifecycle in Dot11');
    expect(written[1]!.length - '\r\u001b[2K'.length).toBe(59);
    expect(written[2]).toBe('\r\u001b[2Kcertifying ihv.so: 1 case done');
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });

  test('a pipe gets nothing', () => {
    expect(progressLine({ write: () => true }, 'ihv.so')).toBeUndefined();
  });
});
