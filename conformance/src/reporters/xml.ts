/** XML text for the JUnit reports: escaping, attribute lists, durations and testcases as JUnit writes them. */
import type { ContractStatus } from '../types.js';

/** Escapes text for an XML attribute or element, and drops characters XML 1.0 cannot hold. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** JUnit's `time`: seconds with millisecond precision. */
export const seconds = (ms: number) => (ms / 1000).toFixed(3);

export const attributes = (attrs: Record<string, string | number>) =>
  Object.entries(attrs)
    .map(([name, value]) => `${name}="${escapeXml(String(value))}"`)
    .join(' ');

/** A <properties> block, leaving out what is not known. */
function propertiesLines(properties: Record<string, string | number | undefined>, indent: string): string[] {
  return [
    `${indent}<properties>`,
    ...Object.entries(properties)
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
      .map(([name, value]) => `${indent}  <property ${attributes({ name, value })}/>`),
    `${indent}</properties>`,
  ];
}

export interface TestcaseOutcome {
  status: ContractStatus;
  /** The one line a CI system shows: why it failed, errored or was skipped. */
  message: string;
  /** The text of a failure or an error: the rule and the evidence. */
  body: string;
  /** The type an error is reported with; a failure is always a ContractViolation. */
  errorType: string;
}

/** A <testcase>, empty for a pass, else holding the <skipped>, <failure> or <error> its status calls for. */
export function testcaseXml(attrs: Record<string, string | number>, { status, message, body, errorType }: TestcaseOutcome): string {
  const open = `    <testcase ${attributes(attrs)}`;
  const holding = (element: string) => `${open}>\n      ${element}\n    </testcase>`;
  switch (status) {
    case 'PASS':
      return `${open}/>`;
    case 'SKIP':
      return holding(`<skipped ${attributes({ message })}/>`);
    case 'FAIL':
      return holding(`<failure ${attributes({ message, type: 'ContractViolation' })}>${escapeXml(body)}</failure>`);
    case 'ERROR':
      return holding(`<error ${attributes({ message, type: errorType })}>${escapeXml(body)}</error>`);
  }
}

/** A JUnit test suite: its counts, the facts of its run and its testcases (from testcaseXml). */
export interface JunitSuite {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  durationMs: number;
  /** ISO 8601. */
  timestamp: string;
  properties: Record<string, string | number | undefined>;
  testcases: readonly string[];
}

/** The JUnit document of one suite, as CI systems read it. */
export function junitDocument({ name, tests, failures, errors, skipped, durationMs, timestamp, properties, testcases }: JunitSuite): string {
  const counts = { tests, failures, errors, skipped, time: seconds(durationMs) };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attributes({ name, ...counts })}>`,
    `  <testsuite ${attributes({ name, ...counts, timestamp })}>`,
    ...propertiesLines(properties, '    '),
    ...testcases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
