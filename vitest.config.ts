import { defineConfig } from 'vitest/config';

// One run over every package, so CI reads a single JSON report (.vitest/results.json).
export default defineConfig({
  test: {
    projects: ['packages/*', 'conformance'],
    reporters: ['default', ['json', { outputFile: '.vitest/results.json' }]],
  },
});
