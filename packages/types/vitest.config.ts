import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@ddikit/types',
    include: ['test/**/*.test.ts'],
  },
});
