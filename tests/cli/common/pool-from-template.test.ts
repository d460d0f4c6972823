/**
 * poolsFromTemplate on the templates osls writes for serverless.yml: a new pool with its client,
 * and a deploy for an existing pool, where CreateUserPool is false and no pool is created.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { poolsFromTemplate } from '../../../cli/common/pool-from-template';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'validate');
// biome-ignore lint/suspicious/noExplicitAny: templates are edited freely per case
type Json = any;
const template = (name: string): Json =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.template.json`), 'utf8'));

describe('poolsFromTemplate', () => {
  it('reads the pool serverless.yml creates, its attributes named as Cognito names them', () => {
    // Act
    const { created, notCreated } = poolsFromTemplate(template('new-pool'));

    // Assess
    expect(notCreated).toEqual([]);
    expect(created.map((pool) => pool.logicalId)).toEqual(['UserPool']);
    const [pool] = created;
    expect(pool?.pool.SchemaAttributes?.map((a) => a.Name)).toEqual([
      'email',
      'custom:tenant_id',
      'custom:roles',
      'custom:employee_no',
      'custom:id_token',
      'custom:idp_access_token',
    ]);
    expect(pool?.pool.SchemaAttributes?.[4]).toEqual({
      Name: 'custom:id_token',
      AttributeDataType: 'String',
      Mutable: true,
      StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' },
    });
    expect(pool?.pool).toMatchObject({ Name: 'cognito-claims-dev', UserPoolTier: 'ESSENTIALS' });
  });

  it('reads the app client that names the pool by Ref', () => {
    // Act
    const [pool] = poolsFromTemplate(template('new-pool')).created;

    // Assess
    expect(pool?.clients).toEqual([
      {
        ClientId: 'UserPoolClient',
        ClientName: 'cognito-claims-dev-web',
        ReadAttributes: [
          'email',
          'email_verified',
          'custom:tenant_id',
          'custom:roles',
          'custom:employee_no',
          'custom:id_token',
          'custom:idp_access_token',
        ],
        WriteAttributes: ['email', 'custom:id_token', 'custom:idp_access_token'],
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        SupportedIdentityProviders: ['COGNITO'],
      },
    ]);
  });

  it('creates no pool when deploying for an existing one', () => {
    // Act
    const pools = poolsFromTemplate(template('existing-pool'));

    // Assess
    expect(pools).toEqual({ created: [], notCreated: ['UserPool'] });
  });

  it('names a developer-only attribute as dev:custom:', () => {
    // Prepare
    const document = template('new-pool');
    document.Resources.UserPool.Properties.Schema.push({
      Name: 'legacy_id',
      AttributeDataType: 'String',
      DeveloperOnlyAttribute: true,
    });

    // Act
    const [pool] = poolsFromTemplate(document).created;

    // Assess
    expect(pool?.pool.SchemaAttributes?.at(-1)).toEqual({
      Name: 'dev:custom:legacy_id',
      AttributeDataType: 'String',
      DeveloperOnlyAttribute: true,
    });
  });

  it('treats a condition it cannot evaluate as creating the pool', () => {
    // Prepare
    const document = template('new-pool');
    document.Conditions.CreateUserPool = { 'Fn::Equals': [{ Ref: 'SomeParameter' }, ''] };

    // Act
    const { created } = poolsFromTemplate(document);

    // Assess
    expect(created).toHaveLength(1);
  });

  it('reads nothing from a document that is not a template', () => {
    // Act
    const pools = [null, [], 'text', { Resources: 'none' }].map(poolsFromTemplate);

    // Assess
    for (const pools_ of pools) expect(pools_).toEqual({ created: [], notCreated: [] });
  });
});
