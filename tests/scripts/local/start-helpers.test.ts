import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoAttributes, demoClientAttributes } from '../../../scripts/local/demo-pool';
import { watchParent } from '../../../scripts/local/parent-watch';
import { createServiceGroup, redact } from '../../../scripts/local/processes';
import { operatorCommands } from '../../../scripts/local/stay-up';
import { parseConfig } from '../../../shared/core/config/parse-config';
import { createSigningKey, signToken } from '../../helpers/token-signer';

describe('redact', () => {
  it('removes JWTs and passwords from an emulator debug line', () => {
    // Prepare
    const token = signToken(createSigningKey(), { sub: 'u-1' });
    const line = `DEBUG: 1a2b InitiateAuth {"refreshToken":"${token}","user":{"Password":"Demo-Passw0rd!"}}`;

    // Act
    const clean = redact(line);

    // Assess
    expect(clean).toBe(
      'DEBUG: 1a2b InitiateAuth {"refreshToken":"<jwt redacted>","user":{"Password":"<redacted>"}}',
    );
  });

  it('leaves the operation lines the run counts untouched', () => {
    // Act
    const clean = redact('DEBUG: 7d42c2e7 InitiateAuth start');

    // Assess
    expect(clean).toBe('DEBUG: 7d42c2e7 InitiateAuth start');
  });
});

describe('demoAttributes', () => {
  it('gives every custom attribute the config reads a value of its declared type', () => {
    // Prepare
    const config = parseConfig({
      claims: [
        { claim: 'tenant_id', from: 'custom:tenant_id' },
        { claim: 'level', from: 'custom:level', type: 'number' },
        { claim: 'beta', from: 'custom:beta', type: 'boolean' },
        { claim: 'email', from: 'email', tokens: ['access'] },
        { claim: 'plan', value: 'pro' },
      ],
    });

    // Act
    const attributes = demoAttributes(config);

    // Assess
    expect(attributes).toEqual({
      'custom:tenant_id': 'tenant-demo',
      'custom:level': '7',
      'custom:beta': 'true',
    });
  });
});

describe('demoClientAttributes', () => {
  it('lets the client read every claim source and write none, IdP tokens writable only', () => {
    // Prepare
    const config = parseConfig({
      claims: [
        { claim: 'tenant_id', from: 'custom:tenant_id', required: true },
        { claim: 'mail', from: 'email' },
      ],
      idpTokens: [{ attribute: 'custom:id_token', format: 'jwt' }],
    });

    // Act
    const { read, write } = demoClientAttributes(config);

    // Assess
    expect(read).toEqual(['email', 'email_verified', 'custom:tenant_id']);
    expect(write).toEqual(['given_name', 'family_name', 'custom:id_token']);
  });

  it("asks no read permission for a sourced claim's item path", () => {
    // Prepare
    const config = parseConfig({
      sources: { account: { dynamodb: { table: 'Accounts', key: { pk: 'USER#{sub}' } } } },
      claims: [
        { claim: 'tenant_id', from: 'custom:tenant_id' },
        { claim: 'seat_limit', source: 'account', from: 'limits.seats', type: 'number' },
      ],
    });

    // Act
    const { read } = demoClientAttributes(config);

    // Assess
    expect(read).toEqual(['email', 'email_verified', 'custom:tenant_id']);
  });
});

describe('operatorCommands', () => {
  it('points doctor, preview and validate at the demo pool in cognito-local', () => {
    // Act
    const commands = operatorCommands({
      cognitoEndpoint: 'http://127.0.0.1:9229',
      poolId: 'local_3NsVoEmJ',
      clientId: '848w8k3wa9imogrjei18o23dz',
      username: 'e86da3d3-39cb-4ee6-9099-56af69acec23',
    });

    // Assess
    const flags =
      '--user-pool-id local_3NsVoEmJ --endpoint http://127.0.0.1:9229 --region eu-west-1';
    expect(commands).toEqual([
      `npm run -s doctor -- ${flags}`,
      `npm run -s preview -- ${flags} --username e86da3d3-39cb-4ee6-9099-56af69acec23 --client-id 848w8k3wa9imogrjei18o23dz`,
      `npm run -s validate -- ${flags}`,
    ]);
  });

  it('names the run config and, with sources, points doctor and preview at dynalite', () => {
    // Act
    const commands = operatorCommands({
      cognitoEndpoint: 'http://127.0.0.1:9229',
      poolId: 'local_3NsVoEmJ',
      clientId: '848w8k3wa9imogrjei18o23dz',
      username: 'e86da3d3',
      config: 'scripts/local/demo-claims.config.json',
      dynamodb: 'http://127.0.0.1:8000',
    });

    // Assess
    const flags =
      '--user-pool-id local_3NsVoEmJ --endpoint http://127.0.0.1:9229 --region eu-west-1 --config scripts/local/demo-claims.config.json';
    expect(commands).toEqual([
      `AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000 npm run -s doctor -- ${flags}`,
      `AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local npm run -s preview -- ${flags} --username e86da3d3 --client-id 848w8k3wa9imogrjei18o23dz --read-sources`,
      `npm run -s validate -- ${flags}`,
    ]);
  });
});

describe('createServiceGroup', () => {
  let dir: string;
  const idle = (name: string) => ({
    name,
    command: process.execPath,
    args: ['-e', 'setInterval(() => {}, 1000)'],
    cwd: dir,
    env: process.env,
    logFile: join(dir, `${name}.log`),
  });
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cognito-claims-group-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start a service once stopping has begun, and stops those it holds', async () => {
    // Prepare
    const group = createServiceGroup();
    const first = group.start(idle('first'));
    const second = group.start(idle('second'));

    // Act
    const stopping = group.stopAll();
    const late = () => group.start(idle('late'));

    // Assess
    expect(late).toThrow('not starting late: stopping');
    await stopping;
    expect([first.running(), second.running()]).toEqual([false, false]);
    expect([alive(first.pid), alive(second.pid)]).toEqual([false, false]);
    expect(group.list()).toEqual([]);
  });

  it('gives every caller the same stop, so a signal and the run both wait for it', async () => {
    // Prepare
    const group = createServiceGroup();
    const service = group.start(idle('only'));

    // Act
    const bySignal = group.stopAll();
    const byRun = group.stopAll();
    await byRun;

    // Assess
    expect(bySignal).toBe(byRun);
    expect(group.stopping()).toBe(true);
    expect(alive(service.pid)).toBe(false);
  });
});

describe('watchParent', () => {
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('calls back once, with the former parent, when the parent pid changes', async () => {
    // Prepare
    let parent = 4242;
    const gone: number[] = [];
    const watch = watchParent((former) => gone.push(former), {
      intervalMs: 5,
      ppid: () => parent,
    });
    await pause(40);
    const whileThere = [...gone];

    // Act: reparented, as when the shell npm ran the script in is killed.
    parent = 1;
    await pause(40);
    watch.stop();

    // Assess
    expect({ whileThere, gone }).toEqual({ whileThere: [], gone: [4242] });
  });
});
