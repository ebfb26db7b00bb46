import { defineConfig } from 'vitest/config';

// `npm run screenshots`: the README's screenshots, from the same UI world as the e2e suite. Not a
// test (it writes into docs/), so it has its own config and `npm test` never runs it.
export default defineConfig({
  test: {
    include: ['scripts/screenshots.run.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_EC2_METADATA_DISABLED: 'true' },
    setupFiles: ['./tests/support/setup-env.ts'],
  },
});
