import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { safeToolName, ToolNameMap } from '../../src-proxy/converse/tool-names';

const BEDROCK_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const hash8 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);

describe('safeToolName', () => {
  it('leaves names Bedrock accepts unchanged', () => {
    for (const name of ['read_file', 'get-weather', 'A1', 'x'.repeat(64)]) expect(safeToolName(name)).toBe(name);
  });

  it('rule 11: maps names with dots, slashes or spaces to a safe alias with a hash of the original', () => {
    expect(safeToolName('github.create_issue')).toBe(`github_create_issue_${hash8('github.create_issue')}`);
    expect(safeToolName('mcp/server tool')).toBe(`mcp_server_tool_${hash8('mcp/server tool')}`);
  });

  it('rule 11: maps names longer than 64 characters to exactly 64 safe characters', () => {
    const long = 'mcp__very_long_server_name__' + 'a'.repeat(80);
    const safe = safeToolName(long);
    expect(safe).toHaveLength(64);
    expect(safe).toMatch(BEDROCK_NAME);
    expect(safe).toBe(`${long.slice(0, 55)}_${hash8(long)}`);
  });

  it('rule 11: is deterministic, and distinct names that clean up alike get distinct aliases', () => {
    expect(safeToolName('a.b')).toBe(safeToolName('a.b'));
    expect(safeToolName('a.b')).not.toBe(safeToolName('a/b'));
    expect(safeToolName('a.b')).not.toBe('a_b');
    const sameStart = ['x'.repeat(70) + '1', 'x'.repeat(70) + '2'];
    expect(safeToolName(sameStart[0])).not.toBe(safeToolName(sameStart[1]));
  });

  it('rule 11: gives even an empty or all-symbol name a valid Bedrock name', () => {
    expect(safeToolName('')).toBe(`tool_${hash8('')}`);
    expect(safeToolName('...')).toMatch(BEDROCK_NAME);
    expect(safeToolName('日本語ツール')).toMatch(BEDROCK_NAME);
  });
});

describe('ToolNameMap', () => {
  it('rule 11: maps aliases back to the client name, and unknown names to themselves', () => {
    const names = new ToolNameMap();
    const safe = names.add('filesystem.read_file');
    expect(safe).toMatch(BEDROCK_NAME);
    expect(names.add('filesystem.read_file')).toBe(safe);
    expect(names.original(safe)).toBe('filesystem.read_file');
    expect(names.add('plain')).toBe('plain');
    expect(names.original('plain')).toBe('plain');
    expect(names.original('never_registered')).toBe('never_registered');
  });

  it('rule 11: two maps built from the same names agree (tool calls in history keep matching across requests)', () => {
    const a = new ToolNameMap();
    const b = new ToolNameMap();
    expect(a.add('srv/tool.x')).toBe(b.add('srv/tool.x'));
  });
});
