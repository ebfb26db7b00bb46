// The AWS SDK warns on Node 20 about its own future support; the packaged app runs Electron's newer Node.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { main } from './cli';
import { desktopUnavailableReason } from './core/desktop-check';

// `npm start`: the desktop app where there is a desktop and an Electron binary; otherwise say why
// in one line and run the same proxy headless.
const reason = desktopUnavailableReason();
if (reason) {
  process.stdout.write(`Outcrop: ${reason} — running headless instead (same proxy, no tray).\n`);
} else {
  process.stdout.write('Outcrop: the desktop tray app arrives in a coming release — running headless for now.\n');
}
main(['serve', ...process.argv.slice(2)]).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`Outcrop: ${err.message}\n`);
    process.exit(1);
  },
);
