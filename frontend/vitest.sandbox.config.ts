// The sandbox's browser tests (real workers, real CSP, Chromium): `npx vitest run -c vitest.sandbox.config.ts`.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    env: { SANDBOX_BROWSER_TESTS: '1' },
    include: ['tests/sandbox-browser/**/*.test.ts'],
    globalSetup: ['tests/sandbox-browser/globalSetup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
