import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration suites start real servers on port 0; two workers fit the 2-core build machines.
    maxWorkers: 2,
    // No retries, here or in CI (.ci/run runs this config): a flaky test fails, and gets fixed.
    retry: 0,
    // Tests never read the machine's ~/.aws or talk to AWS; the SDK's Node 20 notice is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_EC2_METADATA_DISABLED: 'true' },
    setupFiles: ['./tests/support/setup-env.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
