import {
  addSourceAccess,
  FUNCTIONS_ROLE,
  SOURCES_POLICY,
} from '../../../cli/serverless-plugin/sources-access';
import type { Template } from '../../../cli/serverless-plugin/template';
import { parseConfig } from '../../../shared/core/config/parse-config';

const config = parseConfig({
  sources: {
    account: {
      dynamodb: { table: 'Accounts', key: { pk: 'TENANT#{custom:tenant_id}', sk: 'USER#{sub}' } },
    },
    again: {
      dynamodb: { table: 'Accounts', key: { pk: 'TENANT#{custom:tenant_id}', sk: 'X#{sub}' } },
    },
    client: {
      dynamodb: { table: 'Clients', region: 'us-east-1', key: { pk: 'CLIENT#{clientId}' } },
    },
  },
  claims: [{ claim: 'plan', source: 'account' }],
});

const template = (): Template => ({
  Resources: { [FUNCTIONS_ROLE]: { Type: 'AWS::IAM::Role', Properties: {} } },
});

describe('addSourceAccess', () => {
  it('grants dynamodb:GetItem on exactly the configured tables, no wildcard', () => {
    // Prepare
    const compiled = template();
    // Act
    const warnings = addSourceAccess(compiled, config, { createTables: false });
    // Assess
    expect(warnings).toEqual([]);
    expect(compiled.Resources[SOURCES_POLICY]).toEqual({
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: 'cognito-claims-sources',
        Roles: [{ Ref: FUNCTIONS_ROLE }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['dynamodb:GetItem'],
              Resource: [
                {
                  'Fn::Sub':
                    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
                    'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Accounts',
                },
                {
                  'Fn::Sub':
                    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
                    'arn:${AWS::Partition}:dynamodb:us-east-1:${AWS::AccountId}:table/Clients',
                },
              ],
            },
          ],
        },
      },
    });
    expect(JSON.stringify(compiled)).not.toContain('*');
  });

  it('adds nothing for a config without sources', () => {
    // Prepare
    const compiled = template();
    // Act
    addSourceAccess(compiled, parseConfig({ claims: [] }), { createTables: true });
    // Assess
    expect(compiled).toEqual(template());
  });

  it('creates the tables for a demo, keyed as the config, and grants on those', () => {
    // Prepare
    const compiled = template();
    const oneRegion = parseConfig({
      sources: config.sources ? { account: config.sources.account as never } : {},
      claims: [],
    });
    // Act
    addSourceAccess(compiled, oneRegion, { createTables: true, stackRegion: 'eu-west-1' });
    // Assess
    expect(compiled.Resources.CognitoClaimsSourceaccountTable).toEqual({
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: 'Accounts',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
      },
    });
    expect(compiled.Resources[SOURCES_POLICY]).toMatchObject({
      Properties: {
        PolicyDocument: {
          Statement: [{ Resource: [{ 'Fn::GetAtt': ['CognitoClaimsSourceaccountTable', 'Arn'] }] }],
        },
      },
    });
  });

  it('refuses to create a table in another region than the stack', () => {
    // Act
    const run = () =>
      addSourceAccess(template(), config, { createTables: true, stackRegion: 'eu-west-1' });
    // Assess
    expect(run).toThrow('source "client" reads table "Clients" in us-east-1');
  });

  it('says what to grant when the service has no functions role of its own', () => {
    // Prepare
    const compiled: Template = { Resources: {} };
    // Act
    const warnings = addSourceAccess(compiled, config, { createTables: false });
    // Assess
    expect(warnings).toEqual([expect.stringContaining('dynamodb:GetItem on Accounts, Clients')]);
    expect(compiled.Resources).toEqual({});
  });
});
