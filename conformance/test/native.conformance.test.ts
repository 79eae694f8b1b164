import { createNativeBackend } from '@ddikit/native';
import { describeConformance } from '../src/vitest.js';

// Every backend contract, one vitest test each, against the backend on real memory.
describeConformance('native', createNativeBackend);
