import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@ddikit/cli',
    include: ['test/**/*.test.ts'],
    // Each test starts the built CLI as a real process, some several in a row; on a busy
    // machine that outlives vitest's 5 s default without anything being wrong.
    testTimeout: 30_000,
  },
});
