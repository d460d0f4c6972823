/**
 * Our own types for what the claims core reads and writes. `@types/aws-lambda` types claim values
 * as strings only; V2/V3 responses accept numbers, booleans, arrays and objects.
 */
import type { TokenKind } from '../cognito';

export type { TokenKind };

export type JsonPrimitive = string | number | boolean;
/** A value Cognito V2/V3 accepts in `claimsToAddOrOverride`. */
export type ClaimValue = JsonPrimitive | JsonPrimitive[] | { [key: string]: unknown };

export const ClaimType = {
  STRING: 'string',
  NUMBER: 'number',
  BOOLEAN: 'boolean',
  JSON: 'json',
  STRING_ARRAY: 'string[]',
} as const;
export type ClaimType = (typeof ClaimType)[keyof typeof ClaimType];

export interface ClaimRule {
  /** Claim name written to the token. */
  readonly claim: string;
  /** User attribute read, when the claim is mapped. */
  readonly from?: string;
  /** Static value, when the claim is constant. */
  readonly value?: ClaimValue;
  /** Used when the attribute is absent. */
  readonly default?: ClaimValue;
  readonly tokens: readonly TokenKind[];
  readonly type: ClaimType;
  readonly required: boolean;
  readonly sensitive: boolean;
  readonly clients?: readonly string[];
}

export interface GroupsRule {
  readonly from: string;
  readonly mode: 'merge' | 'replace';
  readonly dropProviderGroups: boolean;
}

export interface IdpTokenRule {
  readonly attribute: string;
  readonly idpAttribute?: string;
  readonly format: 'jwt' | 'opaque';
  readonly maxLength: number;
  readonly warnRatio: number;
  readonly onOverLimit: 'drop' | 'truncate';
  readonly maxAgeSeconds: number;
}

export interface RouteRequirements {
  readonly claims: readonly string[];
  readonly scopes: readonly string[];
  readonly groups: readonly string[];
}

export interface ClaimsConfig {
  readonly claims: readonly ClaimRule[];
  readonly suppress: { readonly id: readonly string[]; readonly access: readonly string[] };
  readonly scopes: { readonly add: readonly string[]; readonly suppress: readonly string[] };
  readonly budget: { readonly id: number; readonly access: number };
  readonly groups?: GroupsRule;
  readonly idpTokens: readonly IdpTokenRule[];
  readonly providers: Readonly<Record<string, { readonly expectedAttributes: readonly string[] }>>;
  readonly federation: { readonly maxLength: number; readonly onOverLimit: 'drop' | 'truncate' };
  readonly authorizer: {
    readonly tokenUse: 'id' | 'access';
    readonly routes: Readonly<Record<string, RouteRequirements>>;
  };
}

export interface GroupConfiguration {
  readonly groupsToOverride: readonly string[];
  readonly iamRolesToOverride: readonly string[];
  readonly preferredRole: string | null;
}

/** The parts of a Pre Token Generation event the core needs, already checked. */
export interface TokenRequest {
  /** "0" (emulators) and "1" answer in the V1 shape; "2" and "3" in the V2 shape. */
  readonly version: '0' | '1' | '2' | '3';
  readonly triggerSource: string;
  readonly userPoolId?: string;
  readonly clientId?: string;
  /** As the event has them: Cognito sends strings, and the core reads nothing else. */
  readonly userAttributes: Readonly<Record<string, unknown>>;
  readonly groupConfiguration?: GroupConfiguration;
}

/** Lists taken from the config are its own frozen arrays, shared by every invocation: read-only. */
export interface ClaimsOverride {
  claimsToAddOrOverride: Record<string, ClaimValue>;
  claimsToSuppress: readonly string[];
}

export interface GroupOverrideDetails {
  groupsToOverride: string[];
  iamRolesToOverride: string[];
  preferredRole: string | null;
}

export interface V1Response {
  claimsOverrideDetails: {
    claimsToAddOrOverride: Record<string, string>;
    claimsToSuppress: readonly string[];
    groupOverrideDetails?: GroupOverrideDetails;
  };
}

export interface V2Response {
  claimsAndScopeOverrideDetails: {
    idTokenGeneration?: ClaimsOverride;
    accessTokenGeneration: ClaimsOverride & {
      scopesToAdd: readonly string[];
      scopesToSuppress: readonly string[];
    };
    groupOverrideDetails?: GroupOverrideDetails;
  };
}
