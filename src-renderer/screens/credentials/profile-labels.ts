import type { ProfileKind, ProfileStatus } from '../../../src-shared/aws';

export const KIND_LABELS: Record<ProfileKind, string> = {
  sso: 'IAM Identity Center',
  'sso-legacy': 'IAM Identity Center (legacy)',
  static: 'Access keys',
  role: 'Assume role',
  process: 'credential_process',
  'web-identity': 'Web identity',
  other: 'Environment / other',
};

export const STATE_LABELS: Record<ProfileStatus, string> = {
  valid: 'signed in',
  expiring: 'expires soon',
  'needs-sign-in': 'needs sign-in',
  error: 'problem',
  unknown: 'checked when used',
};

/** A state in words: SSO profiles are "signed in", others just "ready". */
export function stateLabel(kind: ProfileKind, status: ProfileStatus | undefined): string {
  if (!status) return STATE_LABELS.unknown;
  if (status === 'valid' && !canSignIn(kind)) return 'ready';
  return STATE_LABELS[status];
}

/** The pill class for a state. */
export function statePill(status: ProfileStatus | undefined): string {
  switch (status) {
    case 'valid':
      return 'pill pill-ok';
    case 'expiring':
      return 'pill pill-warn';
    case 'needs-sign-in':
    case 'error':
      return 'pill pill-bad';
    default:
      return 'pill pill-muted';
  }
}

/** Whether Outcrop can sign in to a profile of this kind. */
export function canSignIn(kind: ProfileKind): boolean {
  return kind === 'sso' || kind === 'sso-legacy';
}
