// What the AWS SDK skips in ~/.aws/config and ~/.aws/credentials without a word. The values
// themselves are read by the SDK's own loader (aws-files.ts); this only finds the lines that
// loader ignores, so the user hears why a profile or setting seems to be missing. The rules
// mirror @smithy/core's parseIni: `#` and `;` start a comment at the line start or after
// whitespace, keys are case-sensitive, a section header is `[default]`, `[profile name]`,
// `[sso-session name]` or `[services name]` (one space, the name optionally quoted).

export type AwsFileKind = 'config' | 'credentials';

// The SDK's pattern for a prefixed section name (parseIni.ts in @smithy/core).
const PREFIXED_SECTION = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;
const KNOWN_PREFIXES = ['profile', 'sso-session', 'services'];
const BLOCKED_SECTIONS = ['__proto__', 'profile __proto__'];

/** Sentences (one per line the SDK ignores or reads differently than written) for a config or credentials file's text. */
export function lintAwsFile(text: string, kind: AwsFileKind): string[] {
  const problems: string[] = [];
  let inSection = false;
  const sections = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const n = i + 1;
    const line = raw.split(/(^|\s)[;#]/)[0].trim();
    if (!line) return;
    if (line.startsWith('[') && line.endsWith(']')) {
      const name = line.slice(1, -1);
      inSection = true;
      if (BLOCKED_SECTIONS.includes(name)) {
        problems.push(`line ${n}: the section name [${name}] is not allowed, so the AWS SDK ignores this whole file.`);
        return;
      }
      const prefixed = PREFIXED_SECTION.exec(name);
      sections.add(prefixed ? `${prefixed[1]} ${prefixed[3]}` : name);
      const hint = kind === 'config' ? 'write [default], [profile name] or [sso-session name] (lower case, one space, no spaces in the name)' : 'write the profile name alone, with no spaces';
      if (kind === 'credentials' && prefixed?.[1] === 'profile') {
        problems.push(`line ${n}: in the credentials file a section is named by the profile alone; [${name}] defines a profile called "profile.${prefixed[3]}". Write [${prefixed[3]}].`);
      } else if (prefixed && !KNOWN_PREFIXES.includes(prefixed[1])) {
        problems.push(`line ${n}: the AWS SDK ignores the section [${name}] and its settings; ${hint}.`);
      } else if (kind === 'config' && !prefixed && name !== 'default' && /^\s*(profile|sso-session|default)\b/i.test(name)) {
        problems.push(`line ${n}: the AWS SDK ignores the section [${name}] and its settings; ${hint}.`);
      }
      return;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) {
      problems.push(`line ${n} is neither a [section] nor key = value, so the AWS SDK ignores it: "${line.slice(0, 60)}"`);
      return;
    }
    const key = line.slice(0, eq).trim();
    if (!inSection) {
      problems.push(`line ${n} sets "${key}" before any [section], so the AWS SDK ignores it.`);
      return;
    }
    const value = line.slice(eq + 1).trim();
    if (/^(["']).*\1$/.test(value) && value.length > 1) problems.push(`line ${n}: the AWS SDK keeps the quotes of ${value}, as part of the value of "${key}".`);
    if (/[A-Z]/.test(key)) problems.push(`line ${n}: the AWS SDK reads keys case-sensitively, so "${key}" is not read as "${key.toLowerCase()}".`);
  });
  if (kind === 'config' && sections.has('default') && sections.has('profile default')) {
    problems.push('both [default] and [profile default] are defined; the AWS SDK uses only [profile default].');
  }
  return problems;
}
