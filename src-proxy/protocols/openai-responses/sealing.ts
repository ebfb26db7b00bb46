import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { NeutralBlock } from '../../converse/neutral';

// Stateless clients (Codex sends store:false) keep reasoning only as the opaque
// `encrypted_content` we hand them. It holds what Bedrock needs to accept the thinking again
// (text + signature, or redacted bytes), sealed with AES-256-GCM under a key only this install
// holds: the client cannot read it, and a changed byte fails authentication instead of reaching
// Bedrock as forged "signed" reasoning.

const PREFIX = 'outcrop.r1.';
const AAD = Buffer.from('outcrop reasoning v1');

/** A sealed reasoning block as stored inside encrypted_content. */
interface SealedBlock {
  t?: string;
  s?: string;
  r?: string;
}

/** Seals and opens reasoning blocks with one 32-byte key. */
export class ReasoningSealer {
  private readonly key: Buffer;

  /** A sealer for the install's key (32 bytes); without one a key lives only as long as the process. */
  constructor(key?: Uint8Array) {
    if (key && key.length !== 32) throw new Error('The reasoning key must be 32 bytes (AES-256).');
    this.key = key ? Buffer.from(key) : randomBytes(32);
  }

  /** The encrypted_content for these reasoning blocks (undefined when none can be sent back). */
  seal(blocks: readonly NeutralBlock[]): string | undefined {
    const out: SealedBlock[] = [];
    for (const b of blocks) {
      const r = b.reasoningContent;
      if (r?.redactedContent) out.push({ r: Buffer.from(r.redactedContent).toString('base64') });
      else if (r?.reasoningText?.signature) out.push({ t: r.reasoningText.text ?? '', s: r.reasoningText.signature });
    }
    if (!out.length) return undefined;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(AAD);
    const body = Buffer.concat([cipher.update(JSON.stringify(out), 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The reasoning blocks inside encrypted_content, or undefined when it was not sealed by this key or was changed. */
  open(sealed: string): NeutralBlock[] | undefined {
    if (!sealed.startsWith(PREFIX)) return undefined;
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
    if (raw.length < 29) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(AAD);
      decipher.setAuthTag(raw.subarray(12, 28));
      const json = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      return (JSON.parse(json) as SealedBlock[]).map((b): NeutralBlock =>
        b.r !== undefined
          ? { reasoningContent: { redactedContent: Buffer.from(b.r, 'base64') } }
          : { reasoningContent: { reasoningText: { text: b.t ?? '', signature: b.s } } },
      );
    } catch {
      // A wrong key (another install, a new key) or a tampered token: the thinking is not trusted.
      return undefined;
    }
  }
}
