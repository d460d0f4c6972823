/**
 * The user pools a CloudFormation template defines, as the same views a live pool gives
 * (pool-views.ts): each `AWS::Cognito::UserPool` with its Schema (`tenant_id` becomes
 * `custom:tenant_id`, as Cognito names it) and the `AWS::Cognito::UserPoolClient`s that name it
 * by `Ref`. A resource whose Condition is false (serverless.yml's `CreateUserPool` when
 * deploying for an existing pool) is not created, so not returned. Values that are intrinsic
 * functions rather than literals are left out: only what the template states is checked.
 */
import { isRecord } from '../../shared/core/is-record';
import { isStandardAttribute } from './pool-attributes';
import type { AppClientView, SchemaAttributeView, UserPoolView } from './pool-views';

export const USER_POOL_TYPE = 'AWS::Cognito::UserPool';
export const USER_POOL_CLIENT_TYPE = 'AWS::Cognito::UserPoolClient';

export interface TemplatePool {
  /** The pool's logical ID in the template. */
  readonly logicalId: string;
  readonly pool: UserPoolView;
  /** The app clients of this pool, each with its logical ID as ClientId. */
  readonly clients: readonly AppClientView[];
}

export interface TemplatePools {
  readonly created: readonly TemplatePool[];
  /** Pools the template would not create (their Condition is false). */
  readonly notCreated: readonly string[];
}

type Json = Record<string, unknown>;

const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === 'string')
    ? (value as string[])
    : undefined;

const booleanOf = (value: unknown): boolean | undefined =>
  typeof value === 'boolean'
    ? value
    : value === 'true'
      ? true
      : value === 'false'
        ? false
        : undefined;

/** A condition of literal values: true or false; anything else is unknown (undefined). */
function evaluate(node: unknown, conditions: Json, depth = 0): boolean | undefined {
  if (depth > 20 || !isRecord(node)) return undefined;
  const [[fn, args] = []] = Object.entries(node);
  if (fn === 'Condition' && typeof args === 'string') {
    return evaluate(conditions[args], conditions, depth + 1);
  }
  if (!Array.isArray(args)) return undefined;
  if (fn === 'Fn::Equals') {
    const [a, b] = args.map(stringOf);
    return a !== undefined && b !== undefined ? a === b : undefined;
  }
  const values = args.map((arg) => evaluate(arg, conditions, depth + 1));
  if (fn === 'Fn::Not') return values[0] === undefined ? undefined : !values[0];
  if (fn === 'Fn::And') {
    return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
  }
  if (fn === 'Fn::Or') {
    return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
  }
  return undefined;
}

/** Whether the template creates the resource: false only when its Condition is known false. */
function created(resource: Json, conditions: Json): boolean {
  const name = resource.Condition;
  if (typeof name !== 'string') return true;
  return evaluate(conditions[name], conditions) !== false;
}

function schemaAttributeOf(item: unknown): SchemaAttributeView | undefined {
  if (!isRecord(item) || typeof item.Name !== 'string') return undefined;
  const developerOnly = booleanOf(item.DeveloperOnlyAttribute) === true;
  const name = isStandardAttribute(item.Name)
    ? item.Name
    : `${developerOnly ? 'dev:' : ''}custom:${item.Name}`;
  const constraints = isRecord(item.StringAttributeConstraints)
    ? item.StringAttributeConstraints
    : undefined;
  const min = stringOf(constraints?.MinLength);
  const max = stringOf(constraints?.MaxLength);
  const mutable = booleanOf(item.Mutable);
  const required = booleanOf(item.Required);
  return {
    Name: name,
    ...(typeof item.AttributeDataType === 'string'
      ? { AttributeDataType: item.AttributeDataType }
      : {}),
    ...(developerOnly ? { DeveloperOnlyAttribute: true } : {}),
    ...(mutable !== undefined ? { Mutable: mutable } : {}),
    ...(required !== undefined ? { Required: required } : {}),
    ...(min !== undefined || max !== undefined
      ? {
          StringAttributeConstraints: {
            ...(min !== undefined ? { MinLength: min } : {}),
            ...(max !== undefined ? { MaxLength: max } : {}),
          },
        }
      : {}),
  };
}

function poolOf(properties: Json): UserPoolView {
  const schema = Array.isArray(properties.Schema)
    ? properties.Schema.flatMap((item) => schemaAttributeOf(item) ?? [])
    : [];
  const name = stringOf(properties.UserPoolName);
  const tier = stringOf(properties.UserPoolTier);
  return {
    ...(name !== undefined ? { Name: name } : {}),
    ...(tier !== undefined ? { UserPoolTier: tier } : {}),
    SchemaAttributes: schema,
  };
}

function clientOf(logicalId: string, properties: Json): AppClientView {
  const list = (key: string) => {
    const value = strings(properties[key]);
    return value !== undefined ? { [key]: value } : {};
  };
  const name = stringOf(properties.ClientName);
  const oauthUserPoolClient = booleanOf(properties.AllowedOAuthFlowsUserPoolClient);
  return {
    ClientId: logicalId,
    ...(name !== undefined ? { ClientName: name } : {}),
    ...list('ReadAttributes'),
    ...list('WriteAttributes'),
    ...list('ExplicitAuthFlows'),
    ...list('AllowedOAuthFlows'),
    ...list('AllowedOAuthScopes'),
    ...list('SupportedIdentityProviders'),
    ...(oauthUserPoolClient !== undefined
      ? { AllowedOAuthFlowsUserPoolClient: oauthUserPoolClient }
      : {}),
  };
}

/** `{ Ref: "UserPool" }` → "UserPool". */
const refOf = (value: unknown): string | undefined =>
  isRecord(value) && typeof value.Ref === 'string' ? value.Ref : undefined;

/** @param template the parsed JSON of a CloudFormation template */
export function poolsFromTemplate(template: unknown): TemplatePools {
  const root = isRecord(template) ? template : {};
  const resources = isRecord(root.Resources) ? root.Resources : {};
  const conditions = isRecord(root.Conditions) ? root.Conditions : {};
  const entries = Object.entries(resources).filter((entry): entry is [string, Json] =>
    isRecord(entry[1]),
  );
  const propertiesOf = (resource: Json) =>
    isRecord(resource.Properties) ? resource.Properties : {};
  const pools: TemplatePool[] = [];
  const notCreated: string[] = [];
  for (const [logicalId, resource] of entries) {
    if (resource.Type !== USER_POOL_TYPE) continue;
    if (!created(resource, conditions)) {
      notCreated.push(logicalId);
      continue;
    }
    const clients = entries
      .filter(
        ([, other]) =>
          other.Type === USER_POOL_CLIENT_TYPE &&
          created(other, conditions) &&
          refOf(propertiesOf(other).UserPoolId) === logicalId,
      )
      .map(([clientId, other]) => clientOf(clientId, propertiesOf(other)));
    pools.push({ logicalId, pool: poolOf(propertiesOf(resource)), clients });
  }
  return { created: pools, notCreated };
}
