import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
          // One PostgreSQL server for the run (a throwaway cluster, or ONESTOP_TEST_POSTGRES_URL's):
          // the hub's tests run on both of its stores.
          globalSetup: ['tests/support/postgresGlobalSetup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'components',
          environment: 'jsdom',
          include: ['tests/components/**/*.test.tsx'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
