import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@ddikit/sim',
    include: ['test/**/*.test.ts'],
  },
});
