/**
 * What `doctor` reads and what it reports. The views are the subset of the Cognito API shapes
 * the checks use; the SDK's output types are assignable to them, and recorded responses in
 * tests/fixtures/doctor are plain JSON of the same shape.
 */
import type { ClaimsConfig } from '../claims/types';

export interface SchemaAttributeView {
  readonly Name?: string;
  readonly AttributeDataType?: string;
  readonly DeveloperOnlyAttribute?: boolean;
  readonly Mutable?: boolean;
  readonly Required?: boolean;
  readonly StringAttributeConstraints?: {
    readonly MinLength?: string;
    readonly MaxLength?: string;
  };
}

export interface LambdaConfigView {
  /** Legacy field: a plain ARN, always invoked with the V1_0 event. */
  readonly PreTokenGeneration?: string;
  readonly PostAuthentication?: string;
  readonly PostConfirmation?: string;
  readonly InboundFederation?: { readonly LambdaArn?: string; readonly LambdaVersion?: string };
  readonly PreTokenGenerationConfig?: {
    readonly LambdaArn?: string;
    readonly LambdaVersion?: string;
  };
}

export interface UserPoolView {
  readonly Id?: string;
  readonly Name?: string;
  readonly Arn?: string;
  /** LITE | ESSENTIALS | PLUS. Absent from older API versions and from emulators. */
  readonly UserPoolTier?: string;
  readonly LambdaConfig?: LambdaConfigView;
  readonly SchemaAttributes?: readonly SchemaAttributeView[];
}

export interface AppClientView {
  readonly ClientId?: string;
  readonly ClientName?: string;
  readonly ReadAttributes?: readonly string[];
  readonly WriteAttributes?: readonly string[];
  readonly ExplicitAuthFlows?: readonly string[];
  readonly AllowedOAuthFlows?: readonly string[];
  readonly AllowedOAuthScopes?: readonly string[];
  readonly AllowedOAuthFlowsUserPoolClient?: boolean;
  readonly SupportedIdentityProviders?: readonly string[];
}

export interface IdentityProviderView {
  readonly ProviderName?: string;
  readonly ProviderType?: string;
  /** Cognito attribute → IdP attribute (claim, SAML attribute or `access_token`/`id_token`). */
  readonly AttributeMapping?: Readonly<Record<string, string>>;
}

/** A part of the pool that could not be read, so the checks that need it did not run. */
export interface Gap {
  readonly what: string;
  readonly reason: string;
  /** True when the endpoint does not implement the call (emulators), not a permission problem. */
  readonly unsupported: boolean;
}

export interface DoctorInput {
  readonly config: ClaimsConfig;
  readonly pool: UserPoolView;
  readonly clients: readonly AppClientView[];
  /** Undefined when they could not be listed (see `gaps`). */
  readonly providers?: readonly IdentityProviderView[];
  readonly gaps: readonly Gap[];
  readonly region?: string;
}

export const Severity = {
  CRITICAL: 'critical',
  WARNING: 'warning',
  INFO: 'info',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  critical: 0,
  warning: 1,
  info: 2,
};

export interface Finding {
  /** Stable identifier, e.g. `ACCESS_CLAIM_USER_WRITABLE`; README lists them. */
  readonly code: string;
  readonly severity: Severity;
  /** What is wrong. */
  readonly title: string;
  /** Why it matters. */
  readonly why: string;
  /** The exact fix: where to click, and the command or API call. */
  readonly fix: { readonly console: string; readonly cli: string; readonly config?: string };
  readonly clientId?: string;
  readonly attribute?: string;
  readonly claim?: string;
  readonly provider?: string;
}
