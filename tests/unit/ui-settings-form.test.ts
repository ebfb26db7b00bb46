import { describe, expect, it } from 'vitest';
import { changedOnly, fieldForParam } from '../../src-renderer/screens/settings/use-settings-form';
import type { Settings } from '../../src-shared/settings';

describe('the Settings screen’s one form', () => {
  it('puts a server error at the field its param names: the field, its top-level setting, or its last name', () => {
    const fields = ['port', 'host', 'connectSeconds', 'maxResponses', 'logRetentionDays'];
    expect(fieldForParam('port', fields)).toBe('port');
    expect(fieldForParam('bedrockTimeouts.connectSeconds', fields)).toBe('connectSeconds');
    expect(fieldForParam('responsesStore.maxResponses', fields)).toBe('maxResponses');
    expect(fieldForParam('apiKeys[0].key', fields)).toBeUndefined();
    expect(fieldForParam(null, fields)).toBeUndefined();
  });

  it('sends only the settings that change (null and absent both mean unset; key order does not matter)', () => {
    const settings = { port: 8797, host: '127.0.0.1', responsesStore: { maxResponses: 200, maxMegabytes: 64, keepOnDisk: false }, allowedHosts: ['a'] } as unknown as Settings;
    expect(
      changedOnly({ port: 8797, host: '0.0.0.0', responsesStore: { keepOnDisk: false, maxMegabytes: 64, maxResponses: 200 }, allowedHosts: ['a'], bedrockEndpoint: null }, settings),
    ).toEqual({ host: '0.0.0.0' });
    expect(changedOnly({ responsesStore: { maxResponses: 50, maxMegabytes: 64, keepOnDisk: false }, allowedHosts: ['a', 'b'] }, settings)).toEqual({
      responsesStore: { maxResponses: 50, maxMegabytes: 64, keepOnDisk: false },
      allowedHosts: ['a', 'b'],
    });
  });
});
