/**
 * The config held against the user pool this service defines, before anything deploys: a
 * required claim from an attribute the pool lacks would deny every sign-in, an IdP token
 * attribute that is immutable or too short loses the token. Read from the template resource.
 */
import type { SchemaAttributeType } from '@aws-sdk/client-cognito-identity-provider';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { STANDARD_ATTRIBUTES } from '../common/pool-attributes';
import { requiredClaimGaps, schemaProblems } from '../common/user-pool-update';

type Json = Record<string, unknown>;

/** A CloudFormation `Schema` entry names a custom attribute without its `custom:` prefix. */
export function templatePoolSchema(properties: Json | undefined): SchemaAttributeType[] {
  const schema = Array.isArray(properties?.Schema) ? (properties.Schema as Json[]) : [];
  return schema.flatMap((entry): SchemaAttributeType[] => {
    if (typeof entry.Name !== 'string') return [];
    const name = STANDARD_ATTRIBUTES.has(entry.Name) ? entry.Name : `custom:${entry.Name}`;
    const constraints = entry.StringAttributeConstraints as Json | undefined;
    return [
      {
        Name: name,
        ...(typeof entry.Mutable === 'boolean' ? { Mutable: entry.Mutable } : {}),
        ...(constraints?.MaxLength !== undefined
          ? { StringAttributeConstraints: { MaxLength: String(constraints.MaxLength) } }
          : {}),
      },
    ];
  });
}

export interface PoolCheck {
  readonly errors: string[];
  readonly warnings: string[];
}

export function checkConfigAgainstPool(
  config: ClaimsConfig,
  schema: readonly SchemaAttributeType[],
): PoolCheck {
  const required = new Set(
    config.claims.filter((rule) => rule.required).flatMap((rule) => rule.from ?? []),
  );
  const errors = [...requiredClaimGaps(config, schema)];
  const warnings: string[] = [];
  for (const problem of schemaProblems(config, schema)) {
    const attribute = problem.split(' ')[0] ?? '';
    const optionalClaimOnly =
      !required.has(attribute) && !config.idpTokens.some((rule) => rule.attribute === attribute);
    // requiredClaimGaps already words the required ones.
    if (optionalClaimOnly) warnings.push(problem);
    else if (!required.has(attribute)) errors.push(problem);
  }
  return { errors, warnings };
}
