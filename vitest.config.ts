import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // scrypt password hashing and real HTTP round trips make some cases take a few hundred ms.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
