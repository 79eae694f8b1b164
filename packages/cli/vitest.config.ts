import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@ddikit/cli',
    include: ['test/**/*.test.ts'],
  },
});
