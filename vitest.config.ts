import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Capture (hardware sampling, git, stdout) is on by default for scripts; tests that exercise it turn
    // it on with explicit options, the rest run without it.
    env: { NEREID_CAPTURE: '0' },
  },
})
