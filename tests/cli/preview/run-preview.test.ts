/**
 * `cognito-claims preview` on fixture users (tests/fixtures/preview): claims per token, what was
 * dropped and why, size estimates checked against tokens actually signed here, and the exit
 * code that gates a deploy.
 */
import { createSign, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../cli/main';
import type { PreviewReport } from '../../../cli/preview/format';
import { parseUserInput } from '../../../cli/preview/user-input';
import { buildResponse, compileConfig } from '../../../shared/core/claims/build-response';
import { RULE_FEATURES } from '../../../shared/core/claims/rule-features';
import type { V2Response } from '../../../shared/core/claims/types';
import { parseConfig } from '../../../shared/core/config/parse-config';
import { captureIo } from '../../helpers/cli-io';
import { registerSecret } from '../../helpers/log-capture';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'preview');
const CONFIG = join(FIXTURES, 'claims.config.json');
const LEAKY_CONFIG = join(FIXTURES, 'claims-leaky.config.json');
const WEB = '4kq9u2r0s8example1web0abcd';
const POOL_ID = 'eu-west-1_Heal7hy01';
/** The estimate must be within 1% of a real signed token's length. */
const SIZE_TOLERANCE = 0.01;

const preview = async (args: string[]) => {
  const io = captureIo();
  const code = await runCli(['preview', ...args], io);
  return { code, out: io.out(), err: io.err() };
};

const previewJson = async (args: string[]) => {
  const { code, out } = await preview([...args, '--json']);
  return { code, report: JSON.parse(out) as PreviewReport };
};

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
const readFixture = (name: string): any => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs a token shaped like Cognito's (developer guide examples), with real random values. */
const signCognitoToken = (payload: Record<string, unknown>): string => {
  const header = { kid: randomBytes(32).toString('base64'), alg: 'RS256' };
  const data = `${b64url(header)}.${b64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(data).sign(privateKey).toString('base64url');
  return registerSecret(`${data}.${signature}`);
};

const now = Math.floor(Date.now() / 1000);
const standardClaims = () => ({
  origin_jti: randomUUID(),
  event_id: randomUUID(),
  auth_time: now,
  exp: now + 3600,
  iat: now,
  jti: randomUUID(),
});

/** The ID token Cognito would issue to this user, with the trigger's changes applied. */
const realIdToken = (
  attributes: Record<string, string>,
  username: string,
  groups: string[],
  changes: { claimsToAddOrOverride: Record<string, unknown>; claimsToSuppress: readonly string[] },
) => {
  const claims: Record<string, unknown> = { sub: attributes.sub, 'cognito:groups': groups };
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'sub' || name.startsWith('cognito:')) continue;
    if (name === 'email_verified') claims[name] = value === 'true';
    else if (name === 'identities') {
      claims[name] = (JSON.parse(value) as Record<string, unknown>[]).map((identity) =>
        Object.fromEntries(
          Object.entries(identity).map(([k, v]) => [k, v === null ? null : String(v)]),
        ),
      );
    } else claims[name] = value;
  }
  Object.assign(claims, {
    iss: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL_ID}`,
    'cognito:username': username,
    aud: WEB,
    token_use: 'id',
    ...standardClaims(),
    ...changes.claimsToAddOrOverride,
  });
  for (const claim of changes.claimsToSuppress) delete claims[claim];
  return signCognitoToken(claims);
};

const realAccessToken = (
  sub: string,
  username: string,
  groups: string[],
  scope: string,
  added: Record<string, unknown>,
) =>
  signCognitoToken({
    sub,
    'cognito:groups': groups,
    iss: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL_ID}`,
    version: 2,
    client_id: WEB,
    token_use: 'access',
    scope,
    username,
    ...standardClaims(),
    ...added,
  });

describe('cognito-claims preview', () => {
  it('prints each token with the claims added, what was dropped and why, and the sizes', async () => {
    // Prepare
    const args = ['--user', join(FIXTURES, 'user.json'), '--config', CONFIG, '--client-id', WEB];

    // Act
    const { code, out } = await preview([
      ...args,
      '--trigger-source',
      'TokenGeneration_Authentication',
      '--groups',
      'admins,eu-staff',
    ]);

    // Assess
    expect(out).toContain('ID token (changed by the trigger)');
    expect(out).toMatch(/^ {2}tenant_id +"acme-eu" +21$/m);
    expect(out).toMatch(/^ {2}roles +\["admin","billing"\] +27$/m);
    expect(out).toMatch(/^ {2}beta +true +11$/m);
    expect(out).toContain('Scopes: api/read (+api/read, -aws.cognito.signin.user.admin)');
    expect(out).toContain('cognito:groups: admins, eu-staff');
    expect(out).toContain(
      'User attributes Cognito adds itself: email, email_verified, given_name, family_name, custom:tenant_id, custom:roles, custom:employee_no, custom:national_id',
    );
    expect(out).toMatch(/TYPE_MISMATCH +employee_number .*does not convert to number/);
    expect(out).toMatch(/ATTRIBUTE_MISSING +cost_center .*is absent/);
    expect(out).toMatch(/^ {2}id +1,\d{3} +1,\d{3} \(\+101\) +1,\d{3} \(\d+\.\d%\) ok/m);
    expect(out).toContain('API Gateway HTTP API 10,240 B');
    expect(out).toContain('ALB 16,384 B');
    expect(out).toContain('Cookie 4,096 B');
    expect(code).toBe(0);
  });

  it('hides the value of a sensitive claim', async () => {
    // Prepare
    const args = ['--user', join(FIXTURES, 'user.json'), '--config', CONFIG];

    // Act
    const text = await preview(args);
    const json = await preview([...args, '--json']);

    // Assess
    expect(text.out).toMatch(/national_id +<hidden: 11 chars>/);
    expect(text.out).not.toContain('X1234567Z');
    expect(json.out).not.toContain('X1234567Z');
  });

  it('leaves a claim limited to other app clients out', async () => {
    // Prepare
    const args = ['--user', join(FIXTURES, 'user.json'), '--config', CONFIG];

    // Act
    const { report } = await previewJson([...args, '--client-id', 'another-client-id-000000000']);

    // Assess
    const access = report.tokens.find((t) => t.token === 'access');
    expect(access?.added.map((c) => c.claim)).toEqual(['tenant_id', 'roles', 'plan']);
  });

  it('estimates token sizes within 1% of tokens actually signed with RSA', async () => {
    // Prepare
    const user = readFixture('admin-get-user-federated.json');
    const attributes: Record<string, string> = Object.fromEntries(
      user.UserAttributes.map((a: { Name: string; Value: string }) => [a.Name, a.Value]),
    );
    const groups = [`${POOL_ID}_Google`, 'reports'];
    for (const configPath of [CONFIG, LEAKY_CONFIG]) {
      const config = parseConfig(JSON.parse(readFileSync(configPath, 'utf8')));
      const built = buildResponse(compileConfig(config, RULE_FEATURES), {
        version: '2',
        triggerSource: 'TokenGeneration_HostedAuth',
        clientId: WEB,
        userAttributes: attributes,
      }).response as V2Response;
      const details = built.claimsAndScopeOverrideDetails;
      const scope = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin']
        .concat(details.accessTokenGeneration.scopesToAdd)
        .filter((s) => !details.accessTokenGeneration.scopesToSuppress.includes(s))
        .join(' ');
      const real = {
        id: realIdToken(attributes, user.Username, groups, {
          claimsToAddOrOverride: details.idTokenGeneration?.claimsToAddOrOverride ?? {},
          claimsToSuppress: details.idTokenGeneration?.claimsToSuppress ?? [],
        }),
        access: realAccessToken(
          attributes.sub ?? '',
          user.Username,
          groups,
          scope,
          details.accessTokenGeneration.claimsToAddOrOverride,
        ),
      };

      // Act
      const { report } = await previewJson([
        '--user',
        join(FIXTURES, 'admin-get-user-federated.json'),
        '--config',
        configPath,
        '--client-id',
        WEB,
        '--groups',
        groups.join(','),
        '--user-pool-id',
        POOL_ID,
      ]);

      // Assess
      for (const token of report.tokens) {
        const actual = real[token.token].length;
        expect(Math.abs(token.jwtBytes - actual) / actual).toBeLessThanOrEqual(SIZE_TOLERANCE);
      }
    }
  });

  it('exits 2 and marks OVER when a token breaks a header limit', async () => {
    // Prepare
    const args = [
      '--user',
      join(FIXTURES, 'admin-get-user-federated.json'),
      '--config',
      LEAKY_CONFIG,
      '--client-id',
      WEB,
    ];

    // Act
    const { code, out } = await preview(args);

    // Assess
    expect(out).toMatch(/^ {2}id +5,\d{3} .*\(1\d\d\.\d%\) OVER$/m);
    expect(out).toContain(
      'Note: the ID token carries IdP token attribute "custom:idp_access_token" (2000 characters): add it to $.suppress.id',
    );
    expect(code).toBe(2);
  });

  it('shows the sign-in refused, and no token, when a required claim cannot be produced', async () => {
    // Prepare
    const args = ['--user', join(FIXTURES, 'user-no-tenant.json'), '--config', CONFIG];

    // Act
    const { code, out } = await preview(args);

    // Assess
    expect(out).toMatch(/ATTRIBUTE_MISSING +tenant_id .*is required: sign-in denied/);
    expect(out).toContain(
      'Note: sign-in refused: required claim "tenant_id" could not be produced, so no token is issued',
    );
    expect(out).not.toContain('Estimated size');
    expect(code).toBe(2);
  });

  it('takes trigger source, version, client, groups and scopes from a trigger event file', async () => {
    // Prepare
    const args = ['--user', join(FIXTURES, 'event-v2-refresh.json'), '--config', CONFIG];

    // Act
    const { report } = await previewJson(args);

    // Assess
    expect(report).toMatchObject({
      triggerSource: 'TokenGeneration_RefreshTokens',
      version: '2',
      clientId: WEB,
      username: 'maria.lopez',
    });
    const access = report.tokens.find((t) => t.token === 'access');
    expect(access?.groups).toEqual(['admins']);
    expect(access?.scopes?.final).toEqual(['api/read']);
    expect(access?.added.map((c) => c.claim)).toContain('beta');
  });

  it('changes only the ID token for event version 1', async () => {
    // Prepare
    const args = ['--user', join(FIXTURES, 'user.json'), '--config', CONFIG, '--version', '1'];

    // Act
    const { report } = await previewJson(args);

    // Assess
    const [id, access] = report.tokens;
    expect(id?.customised).toBe(true);
    expect(id?.added.map((c) => c.claim)).toEqual(['tenant_id', 'roles', 'national_id']);
    expect(access).toMatchObject({ token: 'access', customised: false, added: [], growth: 0 });
    expect(report.notes).toContain('event version V1 changes the ID token only');
  });

  it('issues no ID token for client credentials, and customises the access token only with V3', async () => {
    // Prepare
    const args = [
      '--user',
      join(FIXTURES, 'user.json'),
      '--config',
      CONFIG,
      '--trigger-source',
      'TokenGeneration_ClientCredentials',
    ];

    // Act
    const v2 = await previewJson([...args, '--version', '2']);
    const v3 = await previewJson([...args, '--version', '3']);

    // Assess
    expect(v2.report.tokens.map((t) => `${t.token}:${t.customised}`)).toEqual(['access:false']);
    expect(v3.report.tokens.map((t) => `${t.token}:${t.customised}`)).toEqual(['access:true']);
    expect(v3.report.tokens[0]?.added.map((c) => c.claim)).toEqual(['plan']);
  });

  it.each([
    [[], 'give either --user <file> or --user-pool-id with --username'],
    [['--user-pool-id', POOL_ID], '--username is required with --user-pool-id'],
    [
      ['--user', join(FIXTURES, 'user.json'), '--version', '4'],
      '--version expects 1, 2 or 3, got "4"',
    ],
    [['--user', join(FIXTURES, 'missing.json')], 'cannot read the file (ENOENT)'],
    [
      ['--user', join(FIXTURES, 'bad-user.json')],
      'bad-user.json.custom:roles: expected a string (Cognito stores every attribute as a string), got an array',
    ],
  ])('rejects %p with a clear message', async (args, expected) => {
    // Act
    const { code, err } = await preview(args);

    // Assess
    expect(err).toContain(expected);
    expect(code).toBe(1);
  });
});

describe('parseUserInput', () => {
  it('reads admin-get-user output, a list-users entry and a plain map alike', () => {
    // Prepare
    const attributes = [
      { Name: 'sub', Value: '7c1e4b2a-90d3-4f5e-8a61-3b9d2c7e5f10' },
      { Name: 'custom:tenant_id', Value: 'acme-eu' },
    ];

    // Act
    const fromAdmin = parseUserInput({ Username: 'maria', UserAttributes: attributes }, 'a.json');
    const fromList = parseUserInput({ Username: 'maria', Attributes: attributes }, 'b.json');
    const fromMap = parseUserInput(
      { sub: '7c1e4b2a-90d3-4f5e-8a61-3b9d2c7e5f10', 'custom:tenant_id': 'acme-eu' },
      'c.json',
    );

    // Assess
    const expected = {
      sub: '7c1e4b2a-90d3-4f5e-8a61-3b9d2c7e5f10',
      'custom:tenant_id': 'acme-eu',
    };
    expect(fromAdmin).toEqual({ attributes: expected, username: 'maria' });
    expect(fromList).toEqual({ attributes: expected, username: 'maria' });
    expect(fromMap).toEqual({ attributes: expected });
  });

  it('names the entry that is not a Name/Value pair', () => {
    // Act
    const read = () => parseUserInput({ UserAttributes: [{ Name: 'email' }] }, 'u.json');

    // Assess
    expect(read).toThrow('u.json UserAttributes[0]: expected {"Name": string, "Value": string}');
  });
});
