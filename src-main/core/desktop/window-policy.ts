// The settings window's security policy, after Electron's checklist
// (https://www.electronjs.org/docs/latest/tutorial/security): isolated, sandboxed, no Node in the
// page; it may show the admin UI and nothing else. Links elsewhere are refused, except the AWS
// sign-in page, which opens in the user's browser (where their SSO session and password manager are).

/** The BrowserWindow options of the settings window (a plain object; the adapter passes it to Electron). */
export function settingsWindowOptions(opts: { preload: string; platform: NodeJS.Platform; icon?: string }) {
  return {
    width: 1100,
    height: 760,
    minWidth: 820,
    minHeight: 560,
    show: false,
    title: 'Outcrop',
    backgroundColor: '#0C3944',
    autoHideMenuBar: true,
    // macOS takes the app bundle's icon; Windows and Linux need one for the title bar and task bar.
    ...(opts.platform !== 'darwin' && opts.icon ? { icon: opts.icon } : {}),
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  } as const;
}

export interface WindowPolicyContext {
  /** The admin UI's address (the proxy's URL); undefined while the proxy is stopped. */
  adminUrl?: string;
  /** Sign-in URLs the core handed out (exact matches; they may point at a local emulator in development). */
  signInUrls: ReadonlySet<string>;
}

export type LinkDecision = 'allow' | 'open-external' | 'deny';

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** True when `url` has the admin UI's origin (scheme, host and port). */
export function isAdminOrigin(url: string, adminUrl: string | undefined): boolean {
  if (!adminUrl) return false;
  const target = parse(url);
  const admin = parse(adminUrl);
  return Boolean(target && admin && target.origin === admin.origin && target.username === '' && target.password === '');
}

// AWS IAM Identity Center and sign-in hosts: the SSO portal (d-xxxx.awsapps.com), the OIDC
// authorize page (oidc.<region>.amazonaws.com), the device page (device.sso.<region>.amazonaws.com)
// and the AWS sign-in pages, in the commercial and China partitions.
const AWS_SIGN_IN_HOSTS = [
  /^[a-z0-9-]+\.awsapps\.(com|cn)$/,
  /^oidc\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/,
  /^device\.sso\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/,
  /^([a-z0-9-]+\.)?signin\.aws\.amazon\.com$/,
  /^([a-z0-9-]+\.)?signin\.aws$/,
  /^signin\.amazonaws\.cn$/,
];

/** True for an AWS sign-in page (https on an AWS sign-in host), or a sign-in URL the core handed out. */
export function isSignInUrl(url: string, signInUrls: ReadonlySet<string> = new Set()): boolean {
  if (signInUrls.has(url)) return true;
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.port !== '') return false;
  return AWS_SIGN_IN_HOSTS.some((re) => re.test(u.hostname.toLowerCase()));
}

/** What to do when the settings page navigates to `url`: stay within the admin UI, send sign-in pages to the browser, refuse the rest. */
export function navigationDecision(url: string, ctx: WindowPolicyContext): LinkDecision {
  if (isAdminOrigin(url, ctx.adminUrl)) return 'allow';
  return isSignInUrl(url, ctx.signInUrls) ? 'open-external' : 'deny';
}

/** What to do with window.open or a target=_blank link: never a new Electron window; sign-in pages go to the browser. */
export function newWindowDecision(url: string, ctx: WindowPolicyContext): Exclude<LinkDecision, 'allow'> {
  return isSignInUrl(url, ctx.signInUrls) ? 'open-external' : 'deny';
}

/** Web permissions the admin UI may use: writing to the clipboard (its copy buttons). Everything else is refused. */
export function permissionAllowed(permission: string, requestingUrl: string, adminUrl: string | undefined): boolean {
  return permission === 'clipboard-sanitized-write' && isAdminOrigin(requestingUrl, adminUrl);
}

/** True when an IPC message comes from the admin UI (the frame's URL has the admin origin). */
export function isTrustedIpcSender(frameUrl: string | undefined, adminUrl: string | undefined): boolean {
  return frameUrl !== undefined && isAdminOrigin(frameUrl, adminUrl);
}
