import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { OutcropCore } from '../../src-main/core/core';
import { TEST_BEDROCK_API_KEY } from '../support/bedrock-emulator';
import { chatThrough, startAwsWorld, type AwsWorld } from '../support/aws-world';
import { startStsEmulator } from '../support/sts-emulator';

let world: AwsWorld | undefined;
let core: OutcropCore | undefined;
afterEach(async () => {
  await core?.close();
  await world?.close();
  core = undefined;
  world = undefined;
});


describe('credential kinds through the core', () => {
  test('static keys from ~/.aws/credentials', async () => {
    world = await startAwsWorld({ extraConfig: '[profile keys]\nregion = us-east-1\n' });
    world.bedrock.addCredentials('AKIDSTATIC0000000001', 'static-secret');
    writeFileSync(join(world.home, '.aws', 'credentials'), '[keys]\naws_access_key_id = AKIDSTATIC0000000001\naws_secret_access_key = static-secret\n');
    const { core: c } = await OutcropCore.start({ home: world.outcropHome, port: 0, profile: 'keys' });
    core = c;
    world.bedrock.script({ text: 'ok' });
    expect((await chatThrough(core)).status).toBe(200);
    expect(world.bedrock.lastRequest('Converse')!.accessKeyId).toBe('AKIDSTATIC0000000001');
  });

  test('a role chain: source_profile keys -> AssumeRole -> requests signed with the role session', async () => {
    world = await startAwsWorld({ extraConfig: '[profile builder]\nrole_arn = arn:aws:iam::111122223333:role/Builder\nsource_profile = base\nregion = us-east-1\n' });
    const bedrock = world.bedrock;
    const sts = await startStsEmulator({ onCredentials: (c) => bedrock.addCredentials(c.accessKeyId, c.secretAccessKey) });
    try {
      vi.stubEnv('AWS_ENDPOINT_URL_STS', sts.url);
      const { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } = await import('../support/bedrock-emulator');
      writeFileSync(join(world.home, '.aws', 'credentials'), `[base]\naws_access_key_id = ${TEST_ACCESS_KEY_ID}\naws_secret_access_key = ${TEST_SECRET_ACCESS_KEY}\n`);
      const { core: c } = await OutcropCore.start({ home: world.outcropHome, port: 0, profile: 'builder' });
      core = c;
      world.bedrock.script({ text: 'as the role' });
      expect((await chatThrough(core)).status).toBe(200);
      const issued = sts.issuedCredentials.at(-1)!;
      expect(issued.roleArn).toBe('arn:aws:iam::111122223333:role/Builder');
      expect(world.bedrock.lastRequest('Converse')!.accessKeyId).toBe(issued.accessKeyId);
      const { listProfiles } = await import('../../src-main/core/aws/profiles');
      expect((await listProfiles()).profiles.find((p) => p.name === 'builder')).toMatchObject({ kind: 'role', sourceProfile: 'base', state: { status: 'valid' } });
    } finally {
      await sts.close();
    }
  });

  test('credential_process', async () => {
    world = await startAwsWorld();
    const script = join(world.home, 'creds.mjs');
    writeFileSync(script, `#!/usr/bin/env node\nconsole.log(JSON.stringify({ Version: 1, AccessKeyId: 'AKIDPROCESS000000001', SecretAccessKey: 'process-secret', SessionToken: 'tok', Expiration: new Date(Date.now() + 3600e3).toISOString() }));\n`);
    chmodSync(script, 0o755);
    writeFileSync(world.files.configPath, `${await import('node:fs').then((fs) => fs.readFileSync(world!.files.configPath, 'utf8'))}\n[profile proc]\nregion = us-east-1\ncredential_process = ${process.execPath} ${script}\n`);
    world.bedrock.addCredentials('AKIDPROCESS000000001', 'process-secret');
    const { core: c } = await OutcropCore.start({ home: world.outcropHome, port: 0, profile: 'proc' });
    core = c;
    world.bedrock.script({ text: 'ok' });
    expect((await chatThrough(core)).status).toBe(200);
    expect(world.bedrock.lastRequest('Converse')!.accessKeyId).toBe('AKIDPROCESS000000001');
    expect(core.credentials.state.status).toBe('valid');
  });

  test('a Bedrock API key saved in Outcrop is used instead of AWS credentials, and never lands in settings.json', async () => {
    world = await startAwsWorld({ extraConfig: '[profile nothing]\nregion = us-east-1\n' });
    const { core: c } = await OutcropCore.start({ home: world.outcropHome, port: 0, profile: 'nothing' });
    core = c;
    expect((await chatThrough(core)).status).toBe(401);
    await core.setBedrockApiKey(TEST_BEDROCK_API_KEY);
    world.bedrock.script({ text: 'bearer' });
    expect((await chatThrough(core)).status).toBe(200);
    expect(world.bedrock.lastRequest('Converse')!.auth).toBe('bearer');
    expect(core.usesApiKey).toBe(true);
    const { readFileSync, existsSync } = await import('node:fs');
    const settingsFile = join(world.outcropHome, 'settings.json');
    if (existsSync(settingsFile)) expect(readFileSync(settingsFile, 'utf8')).not.toContain(TEST_BEDROCK_API_KEY);
    // It survives a restart.
    await core.close();
    const { core: again } = await OutcropCore.start({ home: world.outcropHome, port: 0, profile: 'nothing' });
    core = again;
    world.bedrock.script({ text: 'bearer again' });
    expect((await chatThrough(core)).status).toBe(200);
  });

  test('AWS_BEARER_TOKEN_BEDROCK from the environment', async () => {
    world = await startAwsWorld({ extraConfig: '[profile nothing]\nregion = us-east-1\n' });
    vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', TEST_BEDROCK_API_KEY);
    const { core: c } = await OutcropCore.start({ home: world.outcropHome, port: 0, profile: 'nothing' });
    core = c;
    world.bedrock.script({ text: 'ok' });
    expect((await chatThrough(core)).status).toBe(200);
    expect(world.bedrock.lastRequest('Converse')!.auth).toBe('bearer');
  });

  test('a malformed config file does not crash the proxy; the bad profile is reported', async () => {
    world = await startAwsWorld({ extraConfig: 'this line is nonsense\n[profile half]\naws_access_key_id = AKIDHALF\nregion = us-east-1\n' });
    const { core: c } = await OutcropCore.start({ home: world.outcropHome, port: 0, profile: 'half' });
    core = c;
    const res = await chatThrough(core);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toContain('profile "half"');
    const { listProfiles } = await import('../../src-main/core/aws/profiles');
    const { profiles, problems } = await listProfiles();
    expect(problems.join(' ')).toContain('nonsense');
    expect(profiles.find((p) => p.name === 'half')!.state!.status).toBe('error');
  });
});
