/**
 * The parts of a user pool, its app clients and IdPs that the operator tools read: subsets of
 * the Cognito API shapes. The SDK's output types are assignable to them, and recorded responses
 * in tests/fixtures/doctor are plain JSON of the same shape.
 */
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
