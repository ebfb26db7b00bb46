import { describe, expect, test } from 'vitest';
import { isAdminOrigin, isSignInUrl, isTrustedIpcSender, navigationDecision, newWindowDecision, permissionAllowed, settingsWindowOptions } from '../../src-main/core/desktop/window-policy';

const admin = 'http://127.0.0.1:8797';
const ctx = { adminUrl: admin, signInUrls: new Set(['http://127.0.0.1:49152/authorize?client_id=abc&state=xyz']) };

describe('settings window options', () => {
  test('context isolation on, node integration off, sandboxed, with the preload', () => {
    const o = settingsWindowOptions({ preload: '/app/dist/main/preload.cjs', platform: 'linux', icon: '/app/dist/main/app-icon.png' });
    expect(o.webPreferences).toMatchObject({ preload: '/app/dist/main/preload.cjs', contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false, nodeIntegrationInSubFrames: false, nodeIntegrationInWorker: false });
    expect(o).toMatchObject({ width: 1100, height: 760, minWidth: 820, minHeight: 560, show: false, icon: '/app/dist/main/app-icon.png' });
  });

  test('macOS takes its icon from the bundle', () => {
    expect('icon' in settingsWindowOptions({ preload: 'p', platform: 'darwin', icon: '/x.png' })).toBe(false);
  });
});

describe('navigation', () => {
  test('within the admin UI origin: allowed', () => {
    expect(navigationDecision(`${admin}/ui/`, ctx)).toBe('allow');
    expect(navigationDecision(`${admin}/ui/#/logs`, ctx)).toBe('allow');
  });

  test('another port, host, scheme or credentials in the URL: denied', () => {
    for (const url of ['http://127.0.0.1:8798/ui/', 'http://localhost:8797/ui/', 'https://127.0.0.1:8797/ui/', 'http://user:pw@127.0.0.1:8797/ui/', 'file:///etc/passwd', 'https://example.com/', 'javascript:alert(1)', 'not a url']) {
      expect(navigationDecision(url, ctx), url).toBe('deny');
    }
  });

  test('nothing is the admin UI while the proxy is stopped', () => {
    expect(navigationDecision(`${admin}/ui/`, { signInUrls: new Set() })).toBe('deny');
  });

  test('AWS sign-in pages open in the system browser instead', () => {
    expect(navigationDecision('https://d-9067642ac7.awsapps.com/start/#/device', ctx)).toBe('open-external');
    expect(navigationDecision('https://oidc.eu-west-1.amazonaws.com/authorize?response_type=code', ctx)).toBe('open-external');
  });
});

describe('new windows', () => {
  test('denied, even for the admin UI itself', () => {
    expect(newWindowDecision(`${admin}/ui/`, ctx)).toBe('deny');
    expect(newWindowDecision('https://example.com/', ctx)).toBe('deny');
    expect(newWindowDecision('https://docs.aws.amazon.com/bedrock/', ctx)).toBe('deny');
  });

  test('AWS sign-in URLs and the sign-in URLs the core handed out go to the system browser', () => {
    for (const url of [
      'https://d-9067642ac7.awsapps.com/start',
      'https://my-company.awsapps.com/start/#/device?user_code=ABCD-EFGH',
      'https://oidc.us-east-1.amazonaws.com/authorize?client_id=x',
      'https://device.sso.us-west-2.amazonaws.com/?user_code=ABCD-EFGH',
      'https://oidc.cn-north-1.amazonaws.com.cn/authorize',
      'https://signin.aws.amazon.com/oauth',
      'https://us-east-1.signin.aws.amazon.com/platform/login',
      'https://us-east-1.signin.aws/platform/login',
      'http://127.0.0.1:49152/authorize?client_id=abc&state=xyz',
    ]) {
      expect(newWindowDecision(url, ctx), url).toBe('open-external');
    }
  });

  test('look-alikes are not AWS sign-in pages', () => {
    for (const url of [
      'http://d-9067642ac7.awsapps.com/start',
      'https://oidc.us-east-1.amazonaws.com.evil.example/authorize',
      'https://awsapps.com.evil.example/start',
      'https://evil.example/?u=https://oidc.us-east-1.amazonaws.com',
      'https://oidc.us-east-1.amazonaws.com@evil.example/authorize',
      'https://user@oidc.us-east-1.amazonaws.com/authorize',
      'https://oidc.us-east-1.amazonaws.com:8443/authorize',
      'https://evilsignin.aws.amazon.com.example/',
      'https://s3.amazonaws.com/bucket/signin',
      'http://127.0.0.1:49152/authorize?client_id=abc&state=other',
    ]) {
      expect(isSignInUrl(url, ctx.signInUrls), url).toBe(false);
    }
  });
});

describe('permissions and IPC senders', () => {
  test('only clipboard writes, and only from the admin UI', () => {
    expect(permissionAllowed('clipboard-sanitized-write', `${admin}/ui/`, admin)).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', admin, admin)).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'https://example.com/', admin)).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) expect(permissionAllowed(p, `${admin}/ui/`, admin), p).toBe(false);
  });

  test('IPC is answered for admin UI frames only', () => {
    expect(isTrustedIpcSender(`${admin}/ui/#/overview`, admin)).toBe(true);
    expect(isTrustedIpcSender('https://example.com/', admin)).toBe(false);
    expect(isTrustedIpcSender(undefined, admin)).toBe(false);
    expect(isTrustedIpcSender(`${admin}/ui/`, undefined)).toBe(false);
    expect(isAdminOrigin(`${admin}/ui/`, `${admin}/`)).toBe(true);
  });
});
