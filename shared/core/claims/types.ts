/**
 * Our own types for what the claims core reads and writes. `@types/aws-lambda` types claim values
 * as strings only; V2/V3 responses accept numbers, booleans, arrays and objects.
 */
import type { TokenKind } from '../cognito';
import type { SourceConfig } from '../sources/types';

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

/**
 * When a claim rule or a scope entry applies: every key present must hold; within a key, any
 * listed value matches. A machine-to-machine token has no user: `groups`, `providers` and
 * `attributes` never hold for it.
 */
export interface Conditions {
  /** The user's groups as Cognito sends them (after the `groups` rewrite, when configured). */
  readonly groups?: readonly string[];
  /** The user's IdP (`"Cognito"` for a user without IdP identities). */
  readonly providers?: readonly string[];
  /** Cognito's trigger source names (`TokenGeneration_RefreshTokens`, ...). */
  readonly triggerSources?: readonly string[];
  /** Attribute name → accepted values, compared exactly with the attribute's text. */
  readonly attributes?: Readonly<Record<string, readonly string[]>>;
}

/** One step of a rule's `transform`, applied to each string value in order. */
export type TransformStep =
  | 'trim'
  | 'lowercase'
  | 'uppercase'
  | { readonly prefix: string }
  | { readonly stripPrefix: string }
  | { readonly after: string }
  | { readonly before: string }
  | { readonly replace: { readonly from: string; readonly to: string } };

/** What one `map` entry gives: a string, or (for a `string[]` claim) a list of strings. */
export type MappedValue = string | readonly string[];

/** The `from` that reads the user's groups (a `string[]`) instead of a user attribute. */
export const GROUPS_SOURCE = 'cognito:groups';

export interface ClaimRule {
  /** Claim name written to the token. */
  readonly claim: string;
  /** User attribute read (or `cognito:groups`), when the claim is mapped; with `source`, a dot path into its item. */
  readonly from?: string;
  /** The `sources` entry whose item the claim reads (instead of the user's attributes). */
  readonly source?: string;
  /** Static value, when the claim is constant. */
  readonly value?: ClaimValue;
  /** Used when the attribute is absent. */
  readonly default?: ClaimValue;
  readonly tokens: readonly TokenKind[];
  readonly type: ClaimType;
  readonly required: boolean;
  readonly sensitive: boolean;
  readonly clients?: readonly string[];
  /** The rule applies only when these hold (and `clients`, when given). */
  readonly when?: Conditions;
  /** Lookup table applied to each value, after `transform`. */
  readonly map?: Readonly<Record<string, MappedValue>>;
  /** Steps applied to each string value, after type conversion. */
  readonly transform?: readonly TransformStep[];
}

/** A `scopes.add` or `scopes.suppress` entry that applies only when its conditions hold. */
export interface ScopeRule {
  readonly scope: string;
  readonly when: Conditions;
}

/** One `groups.keep` entry: the groups an app client's tokens keep. */
export interface GroupsKeep {
  /** The app clients it applies to; every client when absent. */
  readonly clients?: readonly string[];
  readonly names: readonly string[];
  readonly prefixes: readonly string[];
}

export interface GroupsRule {
  /** The attribute the groups are rewritten from; without it Cognito's groups are the start. */
  readonly from?: string;
  readonly mode: 'merge' | 'replace';
  readonly dropProviderGroups: boolean;
  /** Tried in order: the first whose `clients` matches decides which groups stay. */
  readonly keep?: readonly GroupsKeep[];
}

export interface Budget {
  readonly id: number;
  readonly access: number;
  /** Bytes of JSON both tokens' added claims may take together (each object's `{}` counts). */
  readonly total?: number;
  /** The claim naming, in each token, the claims left out of it for size. */
  readonly overageClaim?: string;
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
  /** Claim name → the values of which the claim must hold at least one. */
  readonly values: Readonly<Record<string, readonly string[]>>;
  readonly scopes: readonly string[];
  readonly groups: readonly string[];
}

export interface ClaimsConfig {
  readonly claims: readonly ClaimRule[];
  /** Items read per sign-in that rules read with `source`; present only when configured. */
  readonly sources?: Readonly<Record<string, SourceConfig>>;
  readonly suppress: { readonly id: readonly string[]; readonly access: readonly string[] };
  readonly scopes: {
    /** Added to every access token the trigger customises. */
    readonly add: readonly string[];
    readonly suppress: readonly string[];
    /** Entries with a `when`, in config order; present only when there are some. */
    readonly addWhen?: readonly ScopeRule[];
    readonly suppressWhen?: readonly ScopeRule[];
  };
  readonly budget: Budget;
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
  /** The event's `userName`: a federated user's starts with the IdP's name. */
  readonly userName?: string;
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
