import { createSimBackend } from '@ddikit/sim';
import { describeConformance } from '../src/vitest.js';

// Every backend contract, one vitest test each, against the pure TypeScript backend.
describeConformance('sim', createSimBackend);
