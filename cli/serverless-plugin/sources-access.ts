/**
 * What the functions need to read the config's `sources`: `dynamodb:GetItem` on exactly the
 * configured tables (no wildcard), as a policy on the functions' role; and, on request
 * (`createSourceTables`, for a demo), the tables themselves, keyed as the config's `key`.
 */
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { PluginConfigError, type Template } from './template';

/** The role osls gives every function that names none of its own. */
export const FUNCTIONS_ROLE = 'IamRoleLambdaExecution';
export const SOURCES_POLICY = 'CognitoClaimsSourcesPolicy';

const logicalIdOf = (source: string) =>
  `CognitoClaimsSource${source.replace(/[^A-Za-z0-9]/g, '')}Table`;

/** A table's ARN: in its own region when the source names one, else the stack's. */
const STACK_REGION = '$' + '{AWS::Region}';
const tableArn = (table: string, region: string | undefined) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:${region ?? STACK_REGION}:\${AWS::AccountId}:table/${table}`,
});

/**
 * @returns warnings for the operator (a role this service does not define)
 * @throws PluginConfigError when a table to create lives in another region than the stack
 */
export function addSourceAccess(
  template: Template,
  config: ClaimsConfig,
  options: { readonly createTables: boolean; readonly stackRegion?: string },
): string[] {
  const sources = Object.entries(config.sources ?? {});
  if (sources.length === 0) return [];
  const resources = template.Resources;
  const arns: unknown[] = [];
  const seen = new Set<string>();
  for (const [name, source] of sources) {
    const { table, region, key } = source.dynamodb;
    const id = `${region ?? ''}/${table}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (!options.createTables) {
      arns.push(tableArn(table, region));
      continue;
    }
    if (
      region !== undefined &&
      options.stackRegion !== undefined &&
      region !== options.stackRegion
    ) {
      throw new PluginConfigError(
        `createSourceTables: source "${name}" reads table "${table}" in ${region}, but this stack deploys to ${options.stackRegion}; create that table there, or leave createSourceTables off`,
      );
    }
    const attributes = Object.keys(key);
    const logicalId = logicalIdOf(name);
    resources[logicalId] = {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: attributes.map((attribute, i) => ({
          AttributeName: attribute,
          KeyType: i === 0 ? 'HASH' : 'RANGE',
        })),
        AttributeDefinitions: attributes.map((attribute) => ({
          AttributeName: attribute,
          AttributeType: 'S',
        })),
      },
    };
    arns.push({ 'Fn::GetAtt': [logicalId, 'Arn'] });
  }
  if (resources[FUNCTIONS_ROLE] === undefined) {
    return [
      `the claims config reads DynamoDB tables (sources) but this service has no ${FUNCTIONS_ROLE}: grant its functions' role dynamodb:GetItem on ${[...new Set(sources.map(([, s]) => s.dynamodb.table))].join(', ')}`,
    ];
  }
  resources[SOURCES_POLICY] = {
    Type: 'AWS::IAM::Policy',
    Properties: {
      PolicyName: 'cognito-claims-sources',
      Roles: [{ Ref: FUNCTIONS_ROLE }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: arns }],
      },
    },
  };
  return [];
}
