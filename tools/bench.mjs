#!/usr/bin/env node
// `pnpm bench [--json]` at the repository root: the allocator benchmarks, built first if stale.
import { buildQuietly, runScript } from './build-quietly.mjs';

buildQuietly();
runScript('packages/native/bench/run.mjs', process.argv.slice(2));
