/**
 * validatePool on the template `npm run package` writes for this repository
 * (tests/fixtures/validate/new-pool.template.json, as osls produced it) and on a recorded live
 * pool (tests/fixtures/doctor/healthy): what is an error, what a warning, and that the rule behind
 * every error holds for any config and any pool.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { poolsFromTemplate } from '../../../cli/common/pool-from-template';
import { type PoolUnderTest, validatePool } from '../../../cli/common/pool-validation';
import type { SchemaAttributeView } from '../../../cli/common/pool-views';
import { parseConfig } from '../../../shared/core/config/parse-config';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures');

// biome-ignore lint/suspicious/noExplicitAny: templates and recordings are edited freely per case
type Json = any;
const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8'));
const template = (): Json =>
  structuredClone(readJson(join(FIXTURES, 'validate', 'new-pool.template.json')));
const SHIPPED = parseConfig(readJson(join(ROOT, 'claims.config.json')));

/** The one pool of a template, as validate reads it. */
const poolOf = (document: Json): PoolUnderTest => {
  const [pool] = poolsFromTemplate(document).created;
  if (!pool) throw new Error('the template creates no pool');
  return pool;
};

const schemaEntry = (document: Json, name: string): Json =>
  document.Resources.UserPool.Properties.Schema.find((a: Json) => a.Name === name);

const codes = (findings: readonly { severity: string; code: string; attribute?: string }[]) =>
  findings.map((f) => `${f.severity}:${f.code}:${f.attribute ?? ''}`);

describe('validatePool', () => {
  it('finds nothing wrong with the pool serverless.yml defines for the shipped config', () => {
    // Act
    const findings = validatePool(SHIPPED, poolOf(template()));

    // Assess
    expect(findings).toEqual([]);
  });

  it('refuses a required claim whose attribute the pool does not define, and names both', () => {
    // Prepare
    const document = template();
    const schema = document.Resources.UserPool.Properties.Schema as Json[];
    document.Resources.UserPool.Properties.Schema = schema.filter(
      (a) => a.Name !== 'tenant_id' && a.Name !== 'roles',
    );

    // Act
    const findings = validatePool(SHIPPED, poolOf(document));

    // Assess
    expect(codes(findings)).toEqual([
      'error:REQUIRED_CLAIM_ATTRIBUTE_MISSING:custom:tenant_id',
      'warning:CLAIM_ATTRIBUTE_MISSING:custom:roles',
    ]);
    expect(findings[0]).toMatchObject({
      claim: 'tenant_id',
      path: '$.claims[0].from',
      message:
        'required claim "tenant_id" reads custom:tenant_id, which the user pool does not define: every sign-in would be refused',
    });
  });

  it('refuses a required claim an app client cannot read, naming the client', () => {
    // Prepare
    const document = template();
    const client = document.Resources.UserPoolClient.Properties;
    client.ReadAttributes = client.ReadAttributes.filter(
      (a: string) => a !== 'custom:tenant_id' && a !== 'custom:employee_no',
    );

    // Act
    const findings = validatePool(SHIPPED, poolOf(document));

    // Assess
    expect(codes(findings)).toEqual([
      'error:REQUIRED_CLAIM_ATTRIBUTE_UNREADABLE:custom:tenant_id',
      'warning:CLAIM_ATTRIBUTE_UNREADABLE:custom:employee_no',
    ]);
    expect(findings[0]?.clientId).toBe('UserPoolClient');
    expect(findings[0]?.message).toContain(
      'which app client "cognito-claims-dev-web" (UserPoolClient) cannot read',
    );
  });

  it('counts a client without a read list as reading every attribute', () => {
    // Prepare
    const document = template();
    delete document.Resources.UserPoolClient.Properties.ReadAttributes;

    // Act
    const findings = validatePool(SHIPPED, poolOf(document));

    // Assess
    expect(findings).toEqual([]);
  });

  it('holds a claim limited to other clients against those clients only', () => {
    // Prepare
    const document = template();
    document.Resources.UserPoolClient.Properties.ReadAttributes = ['email'];
    const config = parseConfig({
      claims: [
        { claim: 'tenant_id', from: 'custom:tenant_id', required: true, clients: ['other-app'] },
      ],
    });

    // Act
    const findings = validatePool(config, poolOf(document));

    // Assess
    expect(findings).toEqual([]);
  });

  it('only warns for a required claim with a default: the default stands in, nobody is refused', () => {
    // Prepare
    const config = parseConfig({
      claims: [{ claim: 'department', from: 'custom:department', required: true, default: 'none' }],
    });

    // Act
    const findings = validatePool(config, poolOf(template()));

    // Assess
    expect(codes(findings)).toEqual(['warning:CLAIM_ATTRIBUTE_MISSING:custom:department']);
  });

  it.each([
    [{ Mutable: false }, ['error:IDP_TOKEN_ATTRIBUTE_IMMUTABLE:custom:id_token']],
    [{ Mutable: undefined }, ['error:IDP_TOKEN_ATTRIBUTE_IMMUTABLE:custom:id_token']],
    [
      { StringAttributeConstraints: { MinLength: '0', MaxLength: '256' } },
      ['error:IDP_TOKEN_ATTRIBUTE_TOO_SHORT:custom:id_token'],
    ],
  ])('refuses an IdP token attribute with %j', (change, expected) => {
    // Prepare
    const document = template();
    Object.assign(schemaEntry(document, 'id_token'), change);

    // Act
    const findings = validatePool(SHIPPED, poolOf(document));

    // Assess
    expect(codes(findings)).toEqual(expected);
  });

  it('says the message the immutable IdP token attribute gets when Mutable is left out', () => {
    // Prepare
    const document = template();
    delete schemaEntry(document, 'idp_access_token').Mutable;

    // Act
    const [finding] = validatePool(SHIPPED, poolOf(document));

    // Assess
    expect(finding?.message).toBe(
      'IdP token attribute custom:idp_access_token is not mutable (Mutable is not set to true): Cognito rewrites it at every federated sign-in, so each user could sign in once and never again',
    );
    expect(finding?.path).toBe('$.idpTokens[1].attribute');
  });

  it('warns about an IdP token attribute the pool does not define', () => {
    // Prepare
    const document = template();
    const schema = document.Resources.UserPool.Properties.Schema as Json[];
    document.Resources.UserPool.Properties.Schema = schema.filter((a) => a.Name !== 'id_token');

    // Act
    const findings = validatePool(SHIPPED, poolOf(document));

    // Assess
    expect(codes(findings)).toEqual(['warning:IDP_TOKEN_ATTRIBUTE_MISSING:custom:id_token']);
  });

  it("reads a sourced claim's from as a path into the item, not an attribute of the pool", () => {
    // Prepare: the sourced demo config (npm start, and deploys with createSourceTables).
    const demo = parseConfig(readJson(join(ROOT, 'scripts', 'local', 'demo-claims.config.json')));
    const required = parseConfig({
      sources: { account: { dynamodb: { table: 'Accounts', key: { pk: 'USER#{sub}' } } } },
      claims: [{ claim: 'entitlements', source: 'account', from: 'entitlements', required: true }],
    });

    // Act
    const findings = [demo, required].map((config) => validatePool(config, poolOf(template())));

    // Assess
    expect(findings).toEqual([[], []]);
  });

  it("reads a claim from the user's groups as no attribute of the pool", () => {
    // Prepare
    const config = parseConfig({
      claims: [{ claim: 'permissions', from: 'cognito:groups', type: 'string[]', required: true }],
    });

    // Act
    const findings = validatePool(config, poolOf(template()));

    // Assess
    expect(findings).toEqual([]);
  });

  it('finds nothing wrong with a recorded live pool that serves its config', () => {
    // Prepare
    const healthy = join(FIXTURES, 'doctor', 'healthy');
    const live: PoolUnderTest = {
      pool: readJson(join(healthy, 'describe-user-pool.json')).UserPool,
      clients: [
        readJson(join(healthy, 'describe-user-pool-client-web.json')).UserPoolClient,
        readJson(join(healthy, 'describe-user-pool-client-m2m.json')).UserPoolClient,
      ],
    };
    const config = parseConfig(readJson(join(FIXTURES, 'doctor', 'claims.config.json')));

    // Act
    const findings = validatePool(config, live);

    // Assess
    expect(findings).toEqual([]);
  });

  it('gives an error for a claim only when the claim is required and has no default', () => {
    const attribute = fc.constantFrom('custom:a', 'custom:b', 'custom:c', 'email');
    const rule = fc.record({
      claim: fc.constantFrom('x', 'y', 'z'),
      from: attribute,
      required: fc.boolean(),
      default: fc.option(fc.constant('d'), { nil: undefined }),
    });
    const schemaAttribute = fc.record({
      Name: fc.constantFrom('custom:a', 'custom:b', 'custom:c'),
      Mutable: fc.boolean(),
    });
    const client = fc.record({
      ClientId: fc.constantFrom('web', 'mobile'),
      ReadAttributes: fc.option(fc.subarray(['email', 'custom:a', 'custom:b', 'custom:c']), {
        nil: undefined,
      }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(rule, { selector: (r) => r.claim, maxLength: 3 }),
        fc.array(schemaAttribute, { maxLength: 3 }),
        fc.array(client, { maxLength: 2 }),
        (rules, schema, clients) => {
          // Prepare
          const config = parseConfig({
            claims: rules.map((r) =>
              Object.fromEntries(Object.entries(r).filter(([, value]) => value !== undefined)),
            ),
          });
          const target: PoolUnderTest = {
            pool: { SchemaAttributes: schema as SchemaAttributeView[] },
            clients,
          };

          // Act
          const findings = validatePool(config, target);

          // Assess
          for (const finding of findings.filter((f) => f.severity === 'error')) {
            const source = config.claims.find((r) => r.claim === finding.claim);
            expect(source?.required).toBe(true);
            expect(source?.default).toBeUndefined();
          }
        },
      ),
    );
  });
});
