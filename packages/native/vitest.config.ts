import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@ddikit/native',
    include: ['test/**/*.test.ts'],
  },
});
