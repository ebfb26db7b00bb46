// A reader for the AWS CLI's ini files (~/.aws/config and ~/.aws/credentials), with the same
// rules: `#` and `;` start comments, `key = value` pairs, and indented lines after `key =`
// form a sub-section (s3 = / max_concurrent_requests = 10), which we keep as raw text.

export type IniSections = Map<string, Record<string, string>>;

export interface IniProblem {
  line: number;
  message: string;
}

/** Parses ini text into sections (by their full header, e.g. "profile dev") and the problems found. */
export function parseIni(text: string): { sections: IniSections; problems: IniProblem[] } {
  const sections: IniSections = new Map();
  const problems: IniProblem[] = [];
  let current: Record<string, string> | undefined;
  let lastKey: string | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\s+[#;].*$/, '');
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(trimmed);
    if (header) {
      current = sections.get(header[1]) ?? {};
      sections.set(header[1], current);
      lastKey = undefined;
      return;
    }
    if (/^\s/.test(raw) && current && lastKey !== undefined) {
      current[lastKey] = `${current[lastKey]}\n${trimmed}`.trim();
      return;
    }
    const eq = trimmed.indexOf('=');
    if (eq <= 0) {
      problems.push({ line: i + 1, message: `line ${i + 1} is neither a [section] nor key = value: "${trimmed.slice(0, 60)}"` });
      return;
    }
    if (!current) {
      problems.push({ line: i + 1, message: `line ${i + 1} sets "${trimmed.slice(0, eq).trim()}" before any [section]` });
      return;
    }
    lastKey = trimmed.slice(0, eq).trim().toLowerCase();
    current[lastKey] = trimmed.slice(eq + 1).trim();
  });
  return { sections, problems };
}
