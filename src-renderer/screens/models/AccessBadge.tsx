import type { ModelAccess } from '../../../src-shared/admin';

const TEXT: Record<ModelAccess, string> = { available: 'Available', 'not-listed': 'Not offered', unknown: 'Unknown' };

/** Whether the account's Bedrock listing offers a model in the region, as a small badge with the reason on hover. */
export function AccessBadge({ access, region }: { access: ModelAccess; region?: string }) {
  const where = region ? ` in ${region}` : '';
  const title = access === 'available'
    ? `Bedrock lists this model for this account${where}.`
    : access === 'not-listed'
      ? `Bedrock's model list for this account does not offer this model${where}: requests to it will fail.`
      : 'Outcrop could not read this account’s Bedrock model list (no credentials or region yet).';
  return (
    <span className={`pill mdl-access mdl-access-${access}`} title={title} data-testid="access-badge">
      {TEXT[access]}
    </span>
  );
}

/** The inference profile a model is called through: the region prefix (us., eu., global.…) or an application profile. */
export function ProfileBadge({ via }: { via: string }) {
  const label = via.startsWith('arn:') ? 'application profile' : `${via.slice(0, via.indexOf('.') + 1)} profile`;
  return (
    <span className="pill pill-muted mdl-via" title={`Called through the inference profile ${via}, as Bedrock requires for this model in this region.`}>
      {label}
    </span>
  );
}
