#!/usr/bin/env node
// `pnpm ddikit <args>` at the repository root: the ddikit CLI, built first if stale.
import { buildQuietly, runScript } from './build-quietly.mjs';

buildQuietly();
runScript('packages/cli/dist/bin.js', process.argv.slice(2));
