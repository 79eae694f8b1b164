#!/usr/bin/env node
// Prints vitest's JSON report as the one line CI reads: "N passed, N failed[, N skipped]".
import { readFileSync } from 'node:fs';

const reportPath = process.argv[2] ?? '.vitest/results.json';

let report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch {
  // No report means the run stopped before any test executed (install or build failed).
  console.log('0 passed, 0 failed');
  process.exit(1);
}

const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
