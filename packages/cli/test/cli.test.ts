import { BACKEND_CONTRACTS, EXTENSION_CONTRACTS } from '@ddikit/types';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ddikit-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The built CLI as a real child process, its stdout a pipe (so never coloured). */
function ddikit(...args: string[]) {
  const { status, stdout, stderr } = spawnSync(process.execPath, [bin, ...args], { cwd: here, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
  return { status, stdout, stderr };
}

/** Exit 2, and stderr is exactly one line `ddikit: <reason>` with no stack trace. */
function expectUsageError(result: ReturnType<typeof ddikit>, reason: string | RegExp) {
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^ddikit: /);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).toMatch(reason);
}

test('the CLI is built', () => {
  expect(existsSync(bin)).toBe(true);
  expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
});

describe('help and version', () => {
  test('--version prints the version', () => {
    const r = ddikit('--version');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${JSON.parse(readFileSync(join(here, '../package.json'), 'utf8')).version}\n`);
  });

  test('--help lists the commands, examples and exit codes', () => {
    const r = ddikit('--help');
    expect(r.status).toBe(0);
    for (const text of ['Usage: ddikit <command>', 'contracts', 'conformance', 'Examples:', 'Exit codes:', '2  bad usage']) expect(r.stdout).toContain(text);
  });

  test.each(['contracts', 'conformance'])('%s --help shows its options, examples and exit codes', (name) => {
    const r = ddikit(name, '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: ddikit ${name}`);
    expect(r.stdout).toContain(`  ddikit ${name}`);
    expect(r.stdout).toContain('Exit codes:');
  });
});

describe('usage errors: exit 2, one line on stderr', () => {
  test.each([
    [[], /missing command/],
    [['frob'], /unknown command "frob"/],
    [['--frob'], /unknown option --frob/],
    [['conformance', '--backend', 'sim', '--frob'], /unknown option --frob for conformance/],
    [['conformance', '--backend', 'sim', 'extra'], /unexpected argument "extra"/],
    [['conformance', '--backend'], /option --backend needs a value/],
    [['conformance'], /missing --backend/],
    [['conformance', '--backend', 'nope'], /unknown backend "nope"/],
    [['conformance', '--backend', './fixtures/absent.mjs'], /backend module \.\/fixtures\/absent\.mjs not found/],
    [['conformance', '--backend', './fixtures/no-factory.mjs'], /exports no backend factory: export it as default or createBackend$/m],
    [['conformance', '--backend', './fixtures/two-functions.mjs'], /it exports first, second; which one\?/],
    [['conformance', '--backend', './fixtures/syntax-error.mjs'], /cannot load backend module \.\/fixtures\/syntax-error\.mjs: /],
    [['conformance', '--backend', './fixtures/failing-factory.mjs'], /backend \.\/fixtures\/failing-factory\.mjs could not be created: native backend needs a C compiler/],
    [['conformance', '--backend', 'sim', '--reporter', 'xml'], /unknown reporter "xml" \(one of pretty, json, junit, markdown\)/],
    [['conformance', '--backend', 'sim', '--contract', 'dot11ext.*', '--contract', 'ndis.mdl.sucess'], /no contract matches "ndis\.mdl\.sucess"/],
    [['conformance', '--backend', 'sim', '--seed', '-1'], /option --seed needs a value \(write one that starts with - as --seed=-1\)/],
    [['conformance', '--backend', 'sim', '--seed=-1'], /--seed must be an integer from 0 to 4294967295, got "-1"/],
    [['conformance', '--backend', 'sim', '--seed', '1e3'], /--seed must be an integer/],
    [['conformance', '--backend', 'sim', '--memory-limit', '0'], /--memory-limit must be an integer from 1/],
    [['conformance', '--backend', 'sim', '--out', 'no/such/folder/r.json'], /cannot write no\/such\/folder\/r\.json: folder .* does not exist/],
    [['contracts', '--json=yes'], /option --json takes no value/],
    [['contracts', '--family', 'ihv'], /unknown --family "ihv" \(one of dot11ext, ndis, kernel, extension\)/],
  ])('ddikit %j', (args, reason) => {
    expectUsageError(ddikit(...args), reason);
  });
});

describe('contracts', () => {
  test('--json prints the catalogue: every backend contract with family, needs and source, then every extension contract with kind, source and summary', () => {
    const r = ddikit('contracts', '--json');
    expect(r.status).toBe(0);
    const catalogue = JSON.parse(r.stdout) as Array<{ id: string }>;
    expect(catalogue.map((c) => c.id)).toEqual([...BACKEND_CONTRACTS, ...EXTENSION_CONTRACTS]);
    expect(catalogue.find((c) => c.id === 'dot11ext.free.null')).toEqual({ id: 'dot11ext.free.null', family: 'dot11ext', needs: ['dot11ext'], source: 'Dot11ExtFreeBuffer(NULL) does nothing' });
    expect(catalogue.find((c) => c.id === 'ext.no-call-after-deinit')).toEqual({
      id: 'ext.no-call-after-deinit',
      family: 'extension',
      kind: 'ihv',
      source: 'no Dot11Ext* service is called after DeinitService',
      summary: 'no Dot11Ext* service is called after DeinitService',
    });
  });

  test('without --json prints each contract and its rule, grouped by family and, for extensions, by kind', () => {
    const r = ddikit('contracts');
    expect(r.status).toBe(0);
    for (const id of [...BACKEND_CONTRACTS, ...EXTENSION_CONTRACTS]) expect(r.stdout).toContain(`${id}  (`);
    expect(r.stdout).toContain('    Dot11ExtFreeBuffer(NULL) does nothing');
    expect(r.stdout).toMatch(/^dot11ext: backend contracts/m);
    expect(r.stdout).toMatch(/^extension: IHV Extensions DLLs \(ddikit certify --kind ihv\)\n {2}ext\.init {2}\(/m);
    expect(r.stdout).toMatch(/^extension: NDIS MDL handler modules \(ddikit certify --kind ndis\)\n {2}ndis\.handler\.mdl {2}\(/m);
  });

  test('--family lists one family', () => {
    const r = ddikit('contracts', '--family', 'extension', '--json');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as Array<{ id: string }>).map((c) => c.id)).toEqual([...EXTENSION_CONTRACTS]);
    const text = ddikit('contracts', '--family', 'kernel').stdout;
    expect(text.split('\n').filter((line) => /^ {2}\S/.test(line)).map((line) => line.trim().split(' ')[0])).toEqual(BACKEND_CONTRACTS.filter((id) => id.startsWith('kernel.')));
  });
});

describe('conformance', () => {
  test('the sim backend passes everything: exit 0, the JSON report on stdout alone', () => {
    const r = ddikit('conformance', '--backend', 'sim', '--reporter', 'json', '--seed', '3');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ backend: 'sim', seed: 3, summary: { passed: BACKEND_CONTRACTS.length, failed: 0, skipped: 0, errored: 0 } });
  });

  test('--contract globs select contracts', () => {
    const r = ddikit('conformance', '--backend', 'sim', '--reporter', 'json', '--contract', 'kernel.*', '-c', 'ndis.retreat');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).results.map((x: { id: string }) => x.id)).toEqual(['ndis.retreat', 'kernel.irql.pool', 'kernel.pool.integrity', 'kernel.pool.leak']);
  });

  test('a module exporting createBackend is a backend; pretty output to a pipe has no colour', () => {
    const r = ddikit('conformance', '--backend', './fixtures/create-backend.mjs', '--contract', 'dot11ext.*');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('PASS  dot11ext.free.null');
    expect(r.stdout).toContain('10 passed, 0 failed, 0 skipped, 0 errored');
    expect(r.stdout).not.toContain('\u001b[');
  });

  test('a backend that breaks a contract: exit 1 and the failure with its evidence', () => {
    const r = ddikit('conformance', '--backend', './fixtures/null-dereferencing-backend.mjs', '--contract', 'dot11ext.free.*', '--reporter', 'json');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    const failed = report.results.filter((x: { status: string }) => x.status !== 'PASS');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: 'dot11ext.free.null', status: 'FAIL', reason: 'Dot11ExtFreeBuffer(NULL) returns instead of throwing' });
    expect(failed[0].evidence[0].details.error).toContain("Cannot read properties of null (reading 'header')");
  });

  test('--out writes the report to a new file; an existing one only with --force', () => {
    const file = join(scratch, 'results.xml');
    const args = ['conformance', '--backend', 'sim', '--contract', 'dot11ext.alloc.*', '--reporter', 'junit', '--out', file];
    const first = ddikit(...args);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(`3 passed, 0 failed, 0 skipped, 0 errored; report written to ${file}\n`);
    const xml = readFileSync(file, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain('classname="dot11ext"');

    writeFileSync(file, 'precious');
    expectUsageError(ddikit(...args), /results\.xml already exists; pass --force to overwrite it/);
    expect(readFileSync(file, 'utf8')).toBe('precious');

    expect(ddikit(...args, '--force').status).toBe(0);
    expect(readFileSync(file, 'utf8').match(/<testcase /g)).toHaveLength(3);
  });

  test('--reporter markdown and --memory-limit reach the report', () => {
    const r = ddikit('conformance', '--backend', 'sim', '--contract', 'dot11ext.free.null', '--reporter', 'markdown', '--memory-limit', '1048576');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('# ddikit conformance: sim');
    expect(r.stdout).toContain('| sim | ');
    expect(r.stdout).toContain(' | 1048576 | ');
  });
});
