import { parseArgs } from 'node:util';
import { serveHeadless } from './core/serve';
import { VERSION } from './core/version';

// The other commands come in by import() when run: what they need (a browser to open, the SSO
// sign-in, the doctor's checks) is not loaded before `serve` listens.

const USAGE = `Outcrop ${VERSION} — Amazon Bedrock on localhost for your coding tools

Usage: npm run outcrop -- <command> [options]     (or: npm run serve -- [options])

Commands:
  serve      Run the proxy headless (default)
  login      Sign in to an AWS SSO (IAM Identity Center) profile, as \`aws sso login\` does
  profiles   List AWS profiles with their kind, region and sign-in state
  doctor     Check profile, region, credentials and Bedrock access, with fixes
  help       Show this help

serve options:
  --port <n>       Port to listen on (default 8797; 0 picks a free one)
  --host <h>       Address to bind (default 127.0.0.1)
  --region <r>     Bedrock region (default: the profile's region, AWS_REGION or AWS_DEFAULT_REGION)
  --profile <p>    AWS profile (default: AWS_PROFILE, else "default")
  --quiet          Do not print a line per request

login options:
  --profile <p>    Profile to sign in to (default: the active profile)
  --device-code    Use the device-code flow (for a browser on another machine)
  --no-browser     Print the sign-in URL without opening a browser

profiles options:
  --json           Machine-readable output

doctor options:
  --profile <p>, --region <r>
`;

/** Entry point of the headless command line. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      region: { type: 'string' },
      profile: { type: 'string' },
      quiet: { type: 'boolean' },
      'device-code': { type: 'boolean' },
      'no-browser': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  const command = positionals[0] ?? 'serve';
  if (values.version) return print(VERSION);
  if (values.help || command === 'help') return print(USAGE);
  if (command === 'login') {
    const [{ loginCommand }, { processIO }] = await Promise.all([import('./commands/login'), import('./commands/io')]);
    return loginCommand({ profile: values.profile, deviceCode: values['device-code'], browser: !values['no-browser'] }, processIO);
  }
  if (command === 'profiles') {
    const [{ profilesCommand }, { processIO }] = await Promise.all([import('./commands/profiles'), import('./commands/io')]);
    return profilesCommand({ json: values.json }, processIO);
  }
  if (command === 'doctor') {
    const [{ doctorCommand }, { processIO }] = await Promise.all([import('./commands/doctor'), import('./commands/io')]);
    return doctorCommand({ profile: values.profile, region: values.region }, processIO);
  }
  if (command !== 'serve') {
    process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    process.stderr.write(`--port must be a number from 0 to 65535 (got "${values.port}").\n`);
    return 2;
  }
  // The handlers go in before anything is printed: a supervisor that stops the server as soon as
  // it reads the listening line must get a clean shutdown, not the default action of the signal.
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const server = await serveHeadless({ port, host: values.host, region: values.region, profile: values.profile, quiet: values.quiet });
  process.stdout.write(`Outcrop listening on ${server.proxy.url}\n`);
  process.stdout.write(`Settings: ${server.settingsUrl}\n`);
  await stopped;
  await server.close();
  return 0;
}

function print(text: string): number {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}

// The AWS SDK warns on Node 20 about its own future support; the packaged app runs Electron's newer Node.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
