/**
 * `preview` without I/O: runs the real claims core (`buildResponse`) for one user and one
 * sign-in, and describes each token: the claims added and the rule each came from, what was
 * dropped and why, the scopes, and its estimated size against the header limits that bite.
 */
import { buildResponse, compileConfig } from '../../shared/core/claims/build-response';
import { RULE_FEATURES } from '../../shared/core/claims/rule-features';
import { claimSources } from '../../shared/core/claims/select-claims';
import { readSignIn } from '../../shared/core/claims/sign-in';
import type {
  ClaimsConfig,
  ClaimValue,
  GroupOverrideDetails,
  TokenRequest,
  V1Response,
  V2Response,
} from '../../shared/core/claims/types';
import { ADMIN_SCOPE, CLIENT_CREDENTIALS, regionOfUserPoolId } from '../../shared/core/cognito';
import type { Failure } from '../../shared/core/failure-codes';
import { sourcedValues } from '../../shared/core/sources/sourced-value';
import type { SourceResults } from '../../shared/core/sources/types';
import { displayValue, hiddenClaims } from '../common/claim-display';
import { explainSignIn, type SignInExplanation } from '../common/claim-explanations';
import { canRead } from '../common/pool-attributes';
import type { AppClientView } from '../common/pool-views';
import {
  applyChanges,
  baselineAccessClaims,
  baselineIdClaims,
  COGNITO_HEADER,
  type CombinedSize,
  checkLimits,
  combinedSize,
  jwtLength,
  type LimitCheck,
  type TokenContext,
} from './token-size';

export interface PreviewRequest {
  readonly config: ClaimsConfig;
  readonly userAttributes: Readonly<Record<string, string>>;
  readonly triggerSource: string;
  readonly version: '1' | '2' | '3';
  readonly clientId?: string;
  readonly username?: string;
  readonly groups?: readonly string[];
  readonly scopes?: readonly string[];
  readonly userPoolId?: string;
  readonly region?: string;
  /** What the config's `sources` gave (`--item`, `--read-sources`), by source index. */
  readonly sourceResults?: SourceResults;
  /** The app client, when known: its ReadAttributes decide which attributes the ID token carries. */
  readonly client?: AppClientView;
}

export interface AddedClaim {
  readonly claim: string;
  /** What to print: JSON of the value, shortened; never the value of a sensitive claim. */
  readonly display: string;
  /** Bytes of `"claim":value` in the payload JSON. */
  readonly bytes: number;
  /** The rule that gave the value (`$.claims[2]`): the first of its chain that held and yielded. */
  readonly rule?: string;
}

export interface TokenPreview {
  readonly token: 'id' | 'access';
  /** False when this sign-in issues no such token (client credentials: no ID token). */
  readonly issued: boolean;
  /** False when the trigger cannot change this token (V1: access token). */
  readonly customised: boolean;
  readonly added: readonly AddedClaim[];
  readonly suppressed: readonly string[];
  readonly scopes?: {
    readonly final: readonly string[];
    readonly added: readonly string[];
    readonly suppressed: readonly string[];
  };
  readonly groups?: readonly string[];
  /** ID token: the user attributes Cognito itself puts in (names only). */
  readonly attributes?: readonly string[];
  readonly payloadBytes: number;
  readonly jwtBytes: number;
  /** How much bigger the token is than Cognito's own, in base64url characters. */
  readonly growth: number;
  readonly limits: readonly LimitCheck[];
}

export interface PreviewResult {
  readonly version: PreviewRequest['version'];
  readonly triggerSource: string;
  readonly clientId: string;
  readonly username: string;
  readonly deniedClaim?: string;
  readonly failures: readonly Failure[];
  readonly tokens: readonly TokenPreview[];
  /** Why each claim, scope and group came out as it did (absent when the trigger does not run). */
  readonly explanation?: SignInExplanation;
  /** The three tokens together (refresh estimated), against what a browser keeps per domain. */
  readonly combined?: CombinedSize;
  readonly notes: readonly string[];
}

const PLACEHOLDER_CLIENT = '1example23456789abcdefghij';
const PLACEHOLDER_POOL = 'eu-west-1_EXAMPLE12';

const defaultScopes = (triggerSource: string): string[] => {
  if (triggerSource === CLIENT_CREDENTIALS) return [];
  if (triggerSource === 'TokenGeneration_HostedAuth')
    return ['openid', 'email', 'profile', ADMIN_SCOPE];
  return [ADMIN_SCOPE];
};

const entryBytes = (claim: string, value: unknown) =>
  Buffer.byteLength(`${JSON.stringify(claim)}:${JSON.stringify(value)}`, 'utf8');

const describeClaims = (
  claims: Readonly<Record<string, ClaimValue>>,
  hidden: ReadonlySet<string>,
  sources: ReadonlyMap<string, number> | undefined,
): AddedClaim[] =>
  Object.entries(claims).map(([claim, value]) => {
    const rule = sources?.get(claim);
    return {
      claim,
      display: displayValue(claim, value, hidden),
      bytes: entryBytes(claim, value),
      ...(rule !== undefined ? { rule: `$.claims[${rule}]` } : {}),
    };
  });

const cookieName = (ctx: TokenContext, token: 'id' | 'access') =>
  `CognitoIdentityServiceProvider.${ctx.clientId}.${ctx.username}.${token}Token`;

const sized = (
  ctx: TokenContext,
  token: 'id' | 'access',
  baseline: Record<string, unknown>,
  payload: Record<string, unknown>,
) => {
  const jwtBytes = jwtLength(COGNITO_HEADER, payload);
  return {
    payloadBytes: Buffer.byteLength(JSON.stringify(payload), 'utf8'),
    jwtBytes,
    growth: jwtBytes - jwtLength(COGNITO_HEADER, baseline),
    limits: checkLimits(jwtBytes, cookieName(ctx, token)),
  };
};

export const previewTokens = (request: PreviewRequest): PreviewResult => {
  const { config } = request;
  const m2m = request.triggerSource === CLIENT_CREDENTIALS;
  const notes: string[] = [];
  // V2 does not run for client-credentials grants: Cognito issues the access token unchanged.
  const triggerRuns = !(m2m && request.version !== '3');
  const userPoolId = request.userPoolId ?? PLACEHOLDER_POOL;
  const clientId = request.clientId ?? PLACEHOLDER_CLIENT;
  const sub = request.userAttributes.sub ?? '00000000-0000-4000-8000-000000000000';
  const username = request.username ?? sub;
  const scopes = request.scopes ? [...request.scopes] : defaultScopes(request.triggerSource);
  const ctx: TokenContext = {
    region: request.region ?? regionOfUserPoolId(userPoolId) ?? 'eu-west-1',
    userPoolId,
    clientId,
    username,
    sub,
    scopes,
    groups: request.groups ? [...request.groups] : [],
    iamRoles: [],
    preferredRole: null,
    clientCredentials: m2m,
  };
  if (!request.clientId)
    notes.push(`no --client-id: sizes use a ${PLACEHOLDER_CLIENT.length}-character placeholder`);
  if (!m2m && !request.client) {
    notes.push('the ID token baseline assumes the app client can read every attribute of the user');
  }
  const unreadable = request.client
    ? Object.keys(request.userAttributes).filter(
        (name) =>
          !name.startsWith('cognito:') && name !== 'sub' && !canRead(request.client ?? {}, name),
      )
    : [];
  if (!m2m && unreadable.length > 0) {
    notes.push(
      `app client ${request.client?.ClientId ?? clientId} cannot read ${unreadable.join(', ')}: Cognito leaves them out of its ID token`,
    );
  }
  const tokenAttributes = Object.fromEntries(
    Object.entries(request.userAttributes).filter(([name]) => !unreadable.includes(name)),
  );

  const tokenRequest: TokenRequest = {
    version: request.version,
    triggerSource: request.triggerSource,
    ...(request.clientId ? { clientId: request.clientId } : {}),
    ...(request.username ? { userName: request.username } : {}),
    userAttributes: request.userAttributes,
    groupConfiguration: {
      groupsToOverride: [...ctx.groups],
      iamRolesToOverride: [],
      preferredRole: null,
    },
  };
  const compiled = compileConfig(config, RULE_FEATURES);
  const sourced = request.sourceResults
    ? sourcedValues(compiled, tokenRequest, request.sourceResults)
    : undefined;
  const result = triggerRuns ? buildResponse(compiled, tokenRequest, sourced) : undefined;
  const explanation = triggerRuns ? explainSignIn(compiled, tokenRequest, sourced) : undefined;
  // Which rule gave each claim matters once rules have conditions or fall back on each other.
  const explain = compiled.chained || config.claims.some((rule) => rule.when !== undefined);
  const sources =
    triggerRuns && explain
      ? claimSources(compiled, readSignIn(compiled, tokenRequest, [], sourced))
      : undefined;
  if (!triggerRuns)
    notes.push('event version V2 does not run the trigger for client-credentials tokens (V3 does)');
  if (result?.deniedClaim !== undefined) {
    notes.push(
      `sign-in refused: required claim "${result.deniedClaim}" could not be produced, so no token is issued`,
    );
    return {
      version: request.version,
      triggerSource: request.triggerSource,
      clientId,
      username,
      deniedClaim: result.deniedClaim,
      failures: result.failures,
      tokens: [],
      ...(explanation ? { explanation } : {}),
      notes,
    };
  }
  const hidden = hiddenClaims(config);
  const tokens: TokenPreview[] = [];

  let idChanges: { add: Record<string, ClaimValue>; suppress: readonly string[] } | undefined;
  let accessChanges:
    | {
        add: Record<string, ClaimValue>;
        suppress: readonly string[];
        scopesToAdd: readonly string[];
        scopesToSuppress: readonly string[];
      }
    | undefined;
  let groupOverride: GroupOverrideDetails | undefined;
  if (result) {
    if ('claimsOverrideDetails' in result.response) {
      const details = (result.response as V1Response).claimsOverrideDetails;
      idChanges = { add: details.claimsToAddOrOverride, suppress: details.claimsToSuppress };
      groupOverride = details.groupOverrideDetails;
    } else {
      const details = (result.response as V2Response).claimsAndScopeOverrideDetails;
      if (details.idTokenGeneration) {
        idChanges = {
          add: details.idTokenGeneration.claimsToAddOrOverride,
          suppress: details.idTokenGeneration.claimsToSuppress,
        };
      }
      const access = details.accessTokenGeneration;
      accessChanges = {
        add: access.claimsToAddOrOverride,
        suppress: access.claimsToSuppress,
        scopesToAdd: access.scopesToAdd,
        scopesToSuppress: access.scopesToSuppress,
      };
      groupOverride = details.groupOverrideDetails;
    }
  }

  if (!m2m) {
    const baseline = baselineIdClaims(ctx, tokenAttributes);
    const payload = applyChanges(baseline, {
      ...(idChanges
        ? { claimsToAddOrOverride: idChanges.add, claimsToSuppress: idChanges.suppress }
        : {}),
      ...(groupOverride ? { groupOverrideDetails: groupOverride } : {}),
    });
    for (const entry of config.idpTokens) {
      const stored = payload[entry.attribute];
      if (typeof stored === 'string') {
        notes.push(
          `the ID token carries IdP token attribute "${entry.attribute}" (${stored.length} characters): add it to $.suppress.id`,
        );
      }
    }
    const groups = payload['cognito:groups'];
    tokens.push({
      token: 'id',
      issued: true,
      customised: idChanges !== undefined,
      added: describeClaims(idChanges?.add ?? {}, hidden, sources?.id),
      suppressed: idChanges?.suppress ?? [],
      ...(Array.isArray(groups) ? { groups: groups as string[] } : {}),
      attributes: Object.keys(tokenAttributes).filter(
        (name) => name !== 'sub' && !name.startsWith('cognito:') && name in payload,
      ),
      ...sized(ctx, 'id', baseline, payload),
    });
  }

  const accessBaseline = baselineAccessClaims(ctx);
  const finalScopes = accessChanges
    ? [...new Set([...scopes, ...accessChanges.scopesToAdd])].filter(
        (s) => !accessChanges?.scopesToSuppress.includes(s),
      )
    : scopes;
  const accessPayload = applyChanges(accessBaseline, {
    ...(accessChanges
      ? {
          claimsToAddOrOverride: accessChanges.add,
          claimsToSuppress: accessChanges.suppress,
          scope: finalScopes.join(' '),
        }
      : {}),
    ...(groupOverride && !m2m ? { groupOverrideDetails: groupOverride } : {}),
  });
  const accessGroups = accessPayload['cognito:groups'];
  tokens.push({
    token: 'access',
    issued: true,
    customised: accessChanges !== undefined,
    added: describeClaims(accessChanges?.add ?? {}, hidden, sources?.access),
    suppressed: accessChanges?.suppress ?? [],
    scopes: {
      final: finalScopes,
      added: accessChanges?.scopesToAdd ?? [],
      suppressed: accessChanges?.scopesToSuppress ?? [],
    },
    ...(Array.isArray(accessGroups) ? { groups: accessGroups as string[] } : {}),
    ...sized(ctx, 'access', accessBaseline, accessPayload),
  });
  if (request.version === '1' && !m2m) notes.push('event version V1 changes the ID token only');

  return {
    version: request.version,
    triggerSource: request.triggerSource,
    clientId,
    username,
    failures: result?.failures ?? [],
    tokens,
    ...(explanation ? { explanation } : {}),
    // Client credentials keep no cookies and get no refresh token.
    ...(!m2m ? { combined: combinedSize(tokens.map((token) => token.jwtBytes)) } : {}),
    notes,
  };
};
