import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@ddikit/conformance',
    include: ['test/**/*.test.ts'],
  },
});
