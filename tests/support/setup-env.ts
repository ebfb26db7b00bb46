import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every test file starts from a clean AWS environment: nothing from the machine's ~/.aws, the
// shell's AWS_* variables or an Outcrop home leaks in. Tests that need them set their own.
for (const key of Object.keys(process.env)) {
  if (key.startsWith('AWS_') && key !== 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED' && key !== 'AWS_EC2_METADATA_DISABLED') delete process.env[key];
}
// Nor the machine's proxy and CA settings (src-main reads them; Node itself already loaded
// NODE_EXTRA_CA_CERTS at start, which only ever adds trust).
for (const key of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy', 'NODE_EXTRA_CA_CERTS']) delete process.env[key];
const sandbox = mkdtempSync(join(tmpdir(), 'outcrop-test-'));
process.env.AWS_CONFIG_FILE = join(sandbox, 'aws-config-missing');
process.env.AWS_SHARED_CREDENTIALS_FILE = join(sandbox, 'aws-credentials-missing');
process.env.OUTCROP_HOME = join(sandbox, 'outcrop-home');
// Nor AWS's price list: no test downloads it (tests of the download run a local stand-in and set
// their own OUTCROP_PRICE_LIST_URL). Child processes (the CLI, scripts) inherit this.
process.env.OUTCROP_PRICE_LIST_URL = 'off';
