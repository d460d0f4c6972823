/**
 * The doctor's checks: pool, app clients, identity providers and claims config in, findings out,
 * most severe first. Pure: no AWS calls, no I/O. Each check names what is wrong, why it matters
 * and the exact fix (console path and CLI command). Sources: cognito-contract.md §3, §6, §7;
 * anchors-features.md §7, §9.
 */
import type { ClaimRule, ClaimsConfig } from '../../shared/core/claims/types';
import { ADMIN_SCOPE, ATTRIBUTE_MAX_LENGTH } from '../../shared/core/cognito';
import { accessTokenNeeds } from '../../shared/core/config/access-token-needs';
import {
  adminScopeRoutes,
  attributeExists,
  canRead,
  clientCanWrite,
  clientLabel,
  federatedProviders,
  hasUserSignIn,
  isMutable,
  issuesClientCredentials,
  maxLengthOf,
  userCanWrite,
  writesEverything,
} from '../common/pool-attributes';
import type { AppClientView, IdentityProviderView, UserPoolView } from '../common/pool-views';
import { READ_ONLY_FIELDS } from '../common/user-pool-update';
import { type DoctorInput, type Finding, SEVERITY_RANK, Severity } from './types';

/** The IdP claim Cognito builds a federated username from (MAP: "username" source per type). */
export const USERNAME_SOURCE: Readonly<Record<string, string>> = {
  Google: 'sub',
  Facebook: 'id',
  LoginWithAmazon: 'user_id',
  SignInWithApple: 'sub',
  OIDC: 'sub',
};

const IDP_TOKEN_SOURCES: ReadonlySet<string> = new Set(['access_token', 'id_token']);
const UPDATE_CLIENT_NOTE =
  'update-user-pool-client resets every setting you leave out: start from `aws cognito-idp describe-user-pool-client` and pass the other settings unchanged';
const UPDATE_POOL_NOTE =
  'update-user-pool resets every setting you leave out (it has removed triggers before), so this writes back every setting read with only the plan changed; read update.json before the last step';
const ATTACH_NOTE =
  'wires the deployed functions and writes back every other pool setting unchanged, after showing the difference; add --replace-triggers if it should replace a function wired today';

interface Context {
  readonly config: ClaimsConfig;
  readonly pool: UserPoolView;
  readonly poolId: string;
  readonly region: string;
  readonly clients: readonly AppClientView[];
  readonly version: TriggerVersion;
  readonly add: (finding: Finding) => void;
}

type TriggerVersion = 'none' | 'V1_0' | 'V2_0' | 'V3_0' | 'unknown';

const consolePool = (ctx: Context) => `Amazon Cognito console → User pools → ${ctx.poolId}`;
const consoleClient = (ctx: Context, client: AppClientView) =>
  `${consolePool(ctx)} → App clients → ${client.ClientName ?? client.ClientId}`;
const regionFlag = (ctx: Context) => (ctx.region ? ` --region ${ctx.region}` : '');
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

const appliesTo = (rule: ClaimRule, client: AppClientView): boolean =>
  !rule.clients || (client.ClientId !== undefined && rule.clients.includes(client.ClientId));

const attributeRules = (config: ClaimsConfig) =>
  config.claims.filter((rule): rule is ClaimRule & { from: string } => rule.from !== undefined);

const accessCustomised = (config: ClaimsConfig): boolean => accessTokenNeeds(config).length > 0;

const anythingToDo = (config: ClaimsConfig): boolean =>
  config.claims.length > 0 ||
  config.suppress.id.length > 0 ||
  accessCustomised(config) ||
  config.groups !== undefined;

const triggerVersion = (pool: UserPoolView): TriggerVersion => {
  const lambda = pool.LambdaConfig;
  const configured = lambda?.PreTokenGenerationConfig;
  if (configured?.LambdaArn) {
    const version = configured.LambdaVersion;
    return version === 'V1_0' || version === 'V2_0' || version === 'V3_0' ? version : 'unknown';
  }
  return lambda?.PreTokenGeneration ? 'V1_0' : 'none';
};

const triggerArn = (pool: UserPoolView): string | undefined =>
  pool.LambdaConfig?.PreTokenGenerationConfig?.LambdaArn ?? pool.LambdaConfig?.PreTokenGeneration;

const wantedVersion = (ctx: Context): 'V2_0' | 'V3_0' =>
  ctx.clients.some(issuesClientCredentials) && accessCustomised(ctx.config) ? 'V3_0' : 'V2_0';

/** Attaching the guard keeps the trigger's version unless that version cannot serve the config. */
const keptVersion = (ctx: Context): string => {
  if (ctx.version === 'V2_0' || ctx.version === 'V3_0') return ctx.version;
  if (ctx.version === 'V1_0' && !accessCustomised(ctx.config)) return 'V1_0';
  return wantedVersion(ctx);
};

/** The stage of a function deployed from serverless.yml (cognito-claims-<stage>-preTokenGeneration). */
const deployedStage = (pool: UserPoolView): string | undefined =>
  /:function:cognito-claims-([A-Za-z][A-Za-z0-9-]*)-preTokenGeneration$/.exec(
    triggerArn(pool) ?? '',
  )?.[1];

/**
 * Wiring goes through `npm run attach`: a bare update-user-pool resets every setting it leaves
 * out, triggers included.
 */
const attachCli = (ctx: Context, version: string) =>
  `npm run attach -- --user-pool-id ${ctx.poolId}${regionFlag(ctx)} --stage ${deployedStage(ctx.pool) ?? '<stage>'} --lambda-version ${version}   # ${ATTACH_NOTE}`;

/** describe → edit → update: every setting read goes back, only the plan changes. */
const planCli = (ctx: Context, tier: string) => {
  const readOnly = ['Id', 'Name', ...READ_ONLY_FIELDS].map((field) => `.${field}`).join(', ');
  const edit = [
    `. + {UserPoolId: .Id, PoolName: .Name, UserPoolTier: "${tier}"}`,
    `del(${readOnly}, .AdminCreateUserConfig.UnusedAccountValidityDays)`,
    'if .VerificationMessageTemplate then del(.SmsVerificationMessage, .EmailVerificationMessage, .EmailVerificationSubject) else . end',
  ].join(' | ');
  return [
    `aws cognito-idp describe-user-pool --user-pool-id ${ctx.poolId}${regionFlag(ctx)} --query UserPool --output json > pool.json`,
    `jq ${shellQuote(edit)} pool.json > update.json`,
    `aws cognito-idp update-user-pool${regionFlag(ctx)} --cli-input-json file://update.json   # ${UPDATE_POOL_NOTE}`,
  ].join(' && ');
};

const checkTrigger = (ctx: Context) => {
  const { config, pool } = ctx;
  if (!anythingToDo(config)) return;
  const wantVersion = wantedVersion(ctx);
  const updateCli = attachCli(ctx, wantVersion);
  const consoleTrigger = `${consolePool(ctx)} → Extensions → Lambda triggers → Pre token generation`;
  if (ctx.version === 'none') {
    ctx.add({
      code: 'TRIGGER_NOT_WIRED',
      severity: Severity.CRITICAL,
      title: 'No Pre Token Generation trigger is configured on the pool',
      why: `The claims config defines ${config.claims.length} claim(s), but Cognito never calls the trigger, so no token gets any of them and nothing is suppressed.`,
      fix: {
        console: `${consoleTrigger} → Add Lambda trigger → Authentication → Pre token generation trigger, event version ${wantVersion}, choose the deployed function`,
        cli: updateCli,
        config: 'Or deploy with serverless.yml, which wires the trigger with LambdaVersion V2_0',
      },
    });
    return;
  }
  const legacy = pool.LambdaConfig?.PreTokenGeneration;
  const modern = pool.LambdaConfig?.PreTokenGenerationConfig?.LambdaArn;
  if (legacy && !modern) {
    ctx.add({
      code: 'TRIGGER_LEGACY_FIELD',
      severity: Severity.WARNING,
      title: 'The trigger is wired through the legacy LambdaConfig.PreTokenGeneration field',
      why: 'The legacy field always sends the V1_0 event: only the ID token can be changed. Older templates and IaC tools still write this field, so a pool meant for V2_0 silently stays on V1.',
      fix: {
        console: `${consoleTrigger} → Edit → set the trigger event version to ${wantVersion}`,
        cli: updateCli,
      },
    });
  }
  if (legacy && modern && legacy !== modern) {
    ctx.add({
      code: 'TRIGGER_ARN_MISMATCH',
      severity: Severity.WARNING,
      title: 'PreTokenGeneration and PreTokenGenerationConfig.LambdaArn name different functions',
      why: 'Cognito requires both fields to hold the same ARN when both are set; updates to the pool are refused or the wrong function runs.',
      fix: { console: `${consoleTrigger} → Edit → choose one function`, cli: updateCli },
    });
  }
  if (ctx.version === 'V1_0' && accessCustomised(config)) {
    const claims = config.claims
      .filter((rule) => rule.tokens.includes('access'))
      .map((r) => r.claim);
    ctx.add({
      code: 'TRIGGER_V1_ACCESS_CLAIMS',
      severity: Severity.WARNING,
      title: `The trigger runs with event version V1_0, but the config customises the access token${claims.length ? ` (${claims.join(', ')})` : ''}`,
      why: 'V1_0 changes the ID token only: the access token never gets these claims or scope changes, so an API authorizer that reads the access token never sees them.',
      fix: {
        console: `${consoleTrigger} → Edit → trigger event version ${wantVersion} (needs the Essentials or Plus feature plan)`,
        cli: updateCli,
      },
    });
  }
  if (ctx.version === 'unknown') {
    ctx.add({
      code: 'TRIGGER_VERSION_UNKNOWN',
      severity: Severity.WARNING,
      title: `The trigger's LambdaVersion is "${pool.LambdaConfig?.PreTokenGenerationConfig?.LambdaVersion ?? ''}", not V1_0, V2_0 or V3_0`,
      why: 'The checks cannot tell which tokens the trigger may change.',
      fix: { console: `${consoleTrigger} → Edit`, cli: updateCli },
    });
  }
  if (ctx.version === 'V2_0' && wantVersion === 'V3_0') {
    const m2m = ctx.clients.filter(issuesClientCredentials).map(clientLabel);
    ctx.add({
      code: 'TRIGGER_M2M_NEEDS_V3',
      severity: Severity.INFO,
      title: `App client(s) ${m2m.join(', ')} issue client-credentials tokens, which V2_0 does not customise`,
      why: 'Only event version V3_0 runs the trigger for machine-to-machine access tokens; with V2_0 those tokens carry none of the configured access-token claims.',
      fix: { console: `${consoleTrigger} → Edit → trigger event version V3_0`, cli: updateCli },
    });
  }
};

/** The IdP token guard (functions/post-authentication, inbound-federation) only runs when wired. */
const checkIdpGuard = (ctx: Context) => {
  const lambda = ctx.pool.LambdaConfig;
  const wants = ctx.config.idpTokens.length > 0 || Object.keys(ctx.config.providers).length > 0;
  if (
    !wants ||
    lambda?.PostAuthentication ||
    lambda?.PostConfirmation ||
    lambda?.InboundFederation
  ) {
    return;
  }
  ctx.add({
    code: 'IDP_GUARD_NOT_WIRED',
    severity: Severity.WARNING,
    title:
      'The config guards IdP tokens (idpTokens / providers), but no Post authentication, Post confirmation or Inbound federation trigger is wired',
    why: 'Nothing checks the stored IdP tokens or the expected IdP attributes: a token creeping towards 2,048 characters or a stale attribute goes unnoticed until sign-in breaks.',
    fix: {
      console: `${consolePool(ctx)} → Extensions → Lambda triggers → Add Lambda trigger → Authentication → Post authentication trigger (and Sign-up → Post confirmation trigger), choose the post-authentication function`,
      cli: attachCli(ctx, keptVersion(ctx)),
      config: 'Or deploy with serverless.yml, which wires both',
    },
  });
};

const checkPlan = (ctx: Context) => {
  if (!accessCustomised(ctx.config)) return;
  const tier = ctx.pool.UserPoolTier;
  if (tier === undefined) {
    ctx.add({
      code: 'PLAN_NOT_REPORTED',
      severity: Severity.INFO,
      title: "The endpoint did not report the pool's feature plan (UserPoolTier)",
      why: 'Access-token customisation needs the Essentials or Plus plan; this could not be confirmed.',
      fix: {
        console: `${consolePool(ctx)} → Settings → Feature plan`,
        cli: `aws cognito-idp describe-user-pool --user-pool-id ${ctx.poolId}${regionFlag(ctx)} --query UserPool.UserPoolTier`,
      },
    });
    return;
  }
  if (tier === 'LITE') {
    ctx.add({
      code: 'LITE_PLAN_ACCESS_CLAIMS',
      severity: Severity.WARNING,
      title: 'The pool is on the Lite feature plan, but the config customises the access token',
      why: 'Lite offers event version V1_0 only (except pools that had advanced security on before 22 Nov 2024): access-token claims and scopes are never applied.',
      fix: {
        console: `${consolePool(ctx)} → Settings → Feature plan → switch to Essentials`,
        cli: planCli(ctx, 'ESSENTIALS'),
      },
    });
  }
};

const addCustomAttributeCli = (ctx: Context, attribute: string, suffix = '') => {
  const base = attribute.replace(/^custom:/, '');
  const name = `${base}${suffix}`.slice(0, 20);
  return `aws cognito-idp add-custom-attributes --user-pool-id ${ctx.poolId}${regionFlag(ctx)} --custom-attributes Name=${name},AttributeDataType=String,Mutable=true,StringAttributeConstraints={MaxLength=${ATTRIBUTE_MAX_LENGTH}}`;
};

const checkClaimAttributes = (ctx: Context) => {
  const { pool, config } = ctx;
  const seenMissing = new Set<string>();
  for (const rule of attributeRules(config)) {
    if (!attributeExists(pool, rule.from)) {
      if (seenMissing.has(rule.from)) continue;
      seenMissing.add(rule.from);
      ctx.add({
        code: 'CLAIM_ATTRIBUTE_NOT_IN_SCHEMA',
        severity: rule.required ? Severity.CRITICAL : Severity.WARNING,
        title: `Claim "${rule.claim}" reads "${rule.from}", which the pool does not have`,
        why: rule.required
          ? 'The claim is required: every sign-in is refused because the attribute can never have a value.'
          : 'No user can have this attribute, so the claim is never in any token (an ATTRIBUTE_MISSING record on each sign-in).',
        fix: {
          console: `${consolePool(ctx)} → Sign-up → Custom attributes → Add custom attributes`,
          cli: addCustomAttributeCli(ctx, rule.from),
          config: `Or correct "from" of claim "${rule.claim}" in the claims config`,
        },
        claim: rule.claim,
        attribute: rule.from,
      });
      continue;
    }
    if (!isMutable(pool, rule.from) && rule.from !== 'sub') {
      ctx.add({
        code: 'CLAIM_ATTRIBUTE_IMMUTABLE',
        severity: Severity.WARNING,
        title: `Claim "${rule.claim}" reads "${rule.from}", an immutable attribute`,
        why: 'An immutable attribute is written once, when the user is created, and can never be updated (not by an admin, not by IdP mapping): the claim keeps its first value forever.',
        fix: {
          console: `${consolePool(ctx)} → Sign-up → Custom attributes → Add custom attributes (custom attributes cannot be changed after creation: add a mutable one and move the claim to it)`,
          cli: addCustomAttributeCli(ctx, rule.from, '_v2'),
          config: `Then point "from" of claim "${rule.claim}" at the new attribute`,
        },
        claim: rule.claim,
        attribute: rule.from,
      });
    }
  }
};

const readCli = (ctx: Context, client: AppClientView, attribute: string) => {
  const current = client.ReadAttributes?.length
    ? [...client.ReadAttributes]
    : ['<the standard attributes you use>'];
  return `aws cognito-idp update-user-pool-client --user-pool-id ${ctx.poolId}${regionFlag(ctx)} --client-id ${client.ClientId} --read-attributes ${[...current, attribute].join(' ')}   # ${UPDATE_CLIENT_NOTE}`;
};

const checkClientReads = (ctx: Context) => {
  for (const client of ctx.clients) {
    if (!hasUserSignIn(client)) continue;
    const unreadable = new Map<string, string[]>();
    for (const rule of attributeRules(ctx.config)) {
      if (!appliesTo(rule, client) || !attributeExists(ctx.pool, rule.from)) continue;
      if (canRead(client, rule.from)) continue;
      unreadable.set(rule.from, [...(unreadable.get(rule.from) ?? []), rule.claim]);
    }
    for (const [attribute, claims] of unreadable) {
      ctx.add({
        code: 'CLIENT_CANNOT_READ_ATTRIBUTE',
        severity: Severity.WARNING,
        title: `App client ${clientLabel(client)} cannot read "${attribute}", which claim(s) ${claims.map((c) => `"${c}"`).join(', ')} need`,
        why: "Cognito keeps attributes a client cannot read out of that client's ID token and GetUser; new custom attributes are unreadable until you grant them. Users of this client see the attribute missing.",
        fix: {
          console: `${consoleClient(ctx, client)} → Attribute permissions → Edit → tick "${attribute}" under Read`,
          cli: readCli(ctx, client, attribute),
        },
        clientId: client.ClientId,
        attribute,
        claim: claims[0],
      });
    }
  }
};

/**
 * How far an API trusts each token's claims. The access token always; the ID token fully when
 * the verifying authorizer is set to ID tokens, and still in part otherwise: API Gateway's HTTP
 * API JWT authorizer (serverless.yml's default `cognitoJwt` for GET /me) accepts an ID token
 * whose `aud` is the client, unless the route requires scopes (ID tokens carry none).
 */
const idTokenTrust = (config: ClaimsConfig): 'full' | 'jwt-authorizer' =>
  config.authorizer.tokenUse === 'id' ? 'full' : 'jwt-authorizer';

const JWT_AUTHORIZER_EXPOSURE =
  "API Gateway's HTTP API JWT authorizer (serverless.yml's default cognitoJwt in front of GET /me) accepts ID tokens as well as access tokens when the route requires no scopes, so a backend behind it can read this claim from a token the user shaped";

const checkSelfWritable = (ctx: Context) => {
  const { config, pool } = ctx;
  const suppressed = config.scopes.suppress.includes(ADMIN_SCOPE);
  // The suppression is applied by the trigger, so it only holds while the trigger runs it.
  const mitigated = suppressed && ctx.version !== 'V1_0' && ctx.version !== 'none';
  const idTrust = idTokenTrust(config);
  for (const client of ctx.clients) {
    const routes = adminScopeRoutes(client);
    if (routes.length === 0) continue;
    for (const rule of attributeRules(config)) {
      if (!appliesTo(rule, client)) continue;
      if (rule.tokens.length === 0 || !userCanWrite(pool, client, rule.from)) continue;
      const tokenText = rule.tokens.map((t) => (t === 'id' ? 'ID' : 'access')).join(' and ');
      const writeList = (client.WriteAttributes ?? []).filter((a) => a !== rule.from);
      const writeCli = `aws cognito-idp update-user-pool-client --user-pool-id ${ctx.poolId}${regionFlag(ctx)} --client-id ${client.ClientId} --write-attributes ${writeList.length ? writeList.join(' ') : '<the attributes users may edit>'}   # ${UPDATE_CLIENT_NOTE}`;
      const mapped = federatedProviders(client).length > 0;
      if (mitigated) {
        ctx.add({
          code: 'WRITABLE_CLAIM_SOURCE_SCOPE_SUPPRESSED',
          severity: Severity.WARNING,
          title: `${tokenText[0]?.toUpperCase()}${tokenText.slice(1)}-token claim "${rule.claim}" comes from "${rule.from}", which users of app client ${clientLabel(client)} may write; only the trigger's scope suppression stops them`,
          why: `$.scopes.suppress removes ${ADMIN_SCOPE}, so users cannot call UpdateUserAttributes, but only while the trigger runs and applies the config. If it fails open (an invalid CLAIMS_CONFIG makes it leave the tokens unchanged) or is unwired, the client issues the scope again (${routes.join('; ')}) and a user can grant themselves "${rule.claim}".`,
          fix: {
            console: `${consoleClient(ctx, client)} → Attribute permissions → Edit → untick "${rule.from}" under Write${mapped ? ' (if an IdP maps it, it must stay writable: keep the suppression and watch the trigger for CONFIG_INVALID failures)' : ''}`,
            cli: writeCli,
            config: `Keep "${ADMIN_SCOPE}" in $.scopes.suppress as well: the two together leave no gap`,
          },
          clientId: client.ClientId,
          attribute: rule.from,
          claim: rule.claim,
        });
        continue;
      }
      // Only an ID-token claim, and no authorizer set to trust ID tokens: exposed through the JWT authorizer.
      const idOnlyExposure = !rule.tokens.includes('access') && idTrust === 'jwt-authorizer';
      const scopeText = `The client may issue ${ADMIN_SCOPE} (${routes.join('; ')}${suppressed ? `; $.scopes.suppress lists it but the trigger is not on V2_0/V3_0, so it is not applied` : ''}), and with that scope a user calls UpdateUserAttributes on any attribute in the client's write list${writesEverything(client) ? ' (this client sets no WriteAttributes, so Cognito lets users write every attribute, custom ones included)' : ''}. The next token then carries the value they chose: a user can grant themselves "${rule.claim}".`;
      ctx.add({
        code: idOnlyExposure ? 'ID_CLAIM_USER_WRITABLE' : 'ACCESS_CLAIM_USER_WRITABLE',
        severity: idOnlyExposure ? Severity.WARNING : Severity.CRITICAL,
        title: `${tokenText[0]?.toUpperCase()}${tokenText.slice(1)}-token claim "${rule.claim}" comes from "${rule.from}", which users of app client ${clientLabel(client)} can change themselves`,
        why: idOnlyExposure
          ? `${scopeText} $.authorizer.tokenUse is "access", but ${JWT_AUTHORIZER_EXPOSURE}.`
          : scopeText,
        fix: {
          config: `Add "${ADMIN_SCOPE}" to $.scopes.suppress in the claims config (needs the V2_0/V3_0 trigger), so no access token carries the scope; it holds only while the trigger runs (one that fails open, e.g. on an invalid CLAIMS_CONFIG, issues the scope), so restrict WriteAttributes too${idOnlyExposure ? `; and keep ID tokens out of the API: require scopes on its routes (authorizationScopes in serverless.yml; ID tokens carry no scope, so API Gateway refuses them), or put the verifying authorizer in front (param meAuthorizer: claimsAuthorizer) with $.authorizer.tokenUse "access"` : ''}`,
          console: `${consoleClient(ctx, client)} → Attribute permissions → Edit → untick "${rule.from}" under Write${mapped ? ' (if an IdP maps it, suppress the scope instead: mapped attributes must stay writable)' : ''}; and under Login pages → Edit remove the ${ADMIN_SCOPE} scope`,
          cli: writeCli,
        },
        clientId: client.ClientId,
        attribute: rule.from,
        claim: rule.claim,
      });
    }
  }
};

const mappingConsole = (ctx: Context, provider: string) =>
  `${consolePool(ctx)} → Social and external providers → ${provider} → Attribute mapping → Edit`;

const checkIdpTokens = (ctx: Context) => {
  const { config, pool } = ctx;
  for (const entry of config.idpTokens) {
    const { attribute } = entry;
    if (!attributeExists(pool, attribute)) {
      ctx.add({
        code: 'IDP_TOKEN_ATTRIBUTE_NOT_IN_SCHEMA',
        severity: Severity.WARNING,
        title: `IdP token attribute "${attribute}" (idpTokens) does not exist in the pool`,
        why: 'Cognito cannot store the IdP token, and mapping onto a missing attribute fails federated sign-in ("Attribute does not exist in the schema").',
        fix: {
          console: `${consolePool(ctx)} → Sign-up → Custom attributes → Add custom attributes: String, max length ${ATTRIBUTE_MAX_LENGTH}, mutable`,
          cli: addCustomAttributeCli(ctx, attribute),
        },
        attribute,
      });
      continue;
    }
    const maxLength = maxLengthOf(pool, attribute);
    if (maxLength !== undefined && maxLength < ATTRIBUTE_MAX_LENGTH) {
      ctx.add({
        code: 'IDP_TOKEN_ATTRIBUTE_TOO_SHORT',
        severity: Severity.CRITICAL,
        title: `IdP token attribute "${attribute}" holds at most ${maxLength.toLocaleString('en-US')} characters, not 2,048`,
        why: `IdP tokens are routinely 1,000–2,000 characters. Mapping happens before any trigger runs, so a token longer than ${maxLength} characters makes Cognito refuse the federated sign-in. Custom attributes cannot be changed after creation.`,
        fix: {
          console: `${consolePool(ctx)} → Sign-up → Custom attributes → Add custom attributes: String, max length ${ATTRIBUTE_MAX_LENGTH}, mutable; then remap the IdP token to it (${consolePool(ctx)} → Social and external providers → <provider> → Attribute mapping)`,
          cli: addCustomAttributeCli(ctx, attribute, '2'),
          config: `Then set $.idpTokens[].attribute to the new attribute`,
        },
        attribute,
      });
    }
    if (!isMutable(pool, attribute)) {
      ctx.add({
        code: 'IDP_TOKEN_ATTRIBUTE_IMMUTABLE',
        severity: Severity.CRITICAL,
        title: `IdP token attribute "${attribute}" is immutable`,
        why: 'Cognito rewrites mapped attributes on every federated sign-in; an immutable one lets each user sign in once, then every later sign-in fails ("Attribute cannot be updated").',
        fix: {
          console: `${consolePool(ctx)} → Sign-up → Custom attributes → Add custom attributes: String, max length ${ATTRIBUTE_MAX_LENGTH}, mutable`,
          cli: addCustomAttributeCli(ctx, attribute, '2'),
          config: 'Then remap the IdP token and set $.idpTokens[].attribute to the new attribute',
        },
        attribute,
      });
    }
    const leaking = ctx.clients.filter(
      (client) =>
        hasUserSignIn(client) &&
        canRead(client, attribute) &&
        !config.suppress.id.includes(attribute),
    );
    if (leaking.length > 0) {
      ctx.add({
        code: 'IDP_TOKEN_IN_ID_TOKEN',
        severity: Severity.WARNING,
        title: `App client(s) ${leaking.map(clientLabel).join(', ')} can read IdP token attribute "${attribute}", and the config does not suppress it`,
        why: "Every ID token for these clients then carries the IdP's bearer token (up to 2 KB): a credential leak and a large header.",
        fix: {
          config: `Add "${attribute}" to $.suppress.id in the claims config`,
          console: `${consoleClient(ctx, leaking[0] ?? {})} → Attribute permissions → Edit → untick "${attribute}" under Read`,
          cli: `aws cognito-idp update-user-pool-client --user-pool-id ${ctx.poolId}${regionFlag(ctx)} --client-id ${leaking[0]?.ClientId} --read-attributes <the current list without ${attribute}>   # ${UPDATE_CLIENT_NOTE}`,
        },
        clientId: leaking[0]?.ClientId,
        attribute,
      });
    }
  }
};

/** Attributes an IdP writes: from the IdP mappings when known, else the config's idpTokens. */
const mappedAttributes = (ctx: Context, providers: readonly IdentityProviderView[] | undefined) => {
  const mapped = new Map<string, Set<string>>();
  const add = (provider: string, attribute: string) => {
    mapped.set(provider, (mapped.get(provider) ?? new Set()).add(attribute));
  };
  if (providers) {
    for (const provider of providers) {
      for (const attribute of Object.keys(provider.AttributeMapping ?? {})) {
        if (attribute !== 'username') add(provider.ProviderName ?? '?', attribute);
      }
    }
  } else {
    for (const client of ctx.clients) {
      for (const provider of federatedProviders(client)) {
        for (const entry of ctx.config.idpTokens) add(provider, entry.attribute);
      }
    }
  }
  return mapped;
};

const checkMappedWritable = (
  ctx: Context,
  providers: readonly IdentityProviderView[] | undefined,
) => {
  const mapped = mappedAttributes(ctx, providers);
  for (const client of ctx.clients) {
    const missing = new Map<string, string[]>();
    for (const provider of federatedProviders(client)) {
      for (const attribute of mapped.get(provider) ?? []) {
        if (!attributeExists(ctx.pool, attribute) || clientCanWrite(client, attribute)) continue;
        missing.set(attribute, [...(missing.get(attribute) ?? []), provider]);
      }
    }
    for (const [attribute, names] of missing) {
      const writeList = [
        ...(client.WriteAttributes?.length ? client.WriteAttributes : []),
        attribute,
      ];
      ctx.add({
        code: 'MAPPED_ATTRIBUTE_NOT_WRITABLE',
        severity: Severity.CRITICAL,
        title: providers
          ? `App client ${clientLabel(client)} cannot write "${attribute}", which ${names.join(', ')} map${names.length > 1 ? '' : 's'} on sign-in`
          : `App client ${clientLabel(client)} signs users in through ${names.join(', ')} but cannot write "${attribute}", where the idpTokens config expects an IdP token`,
        why: 'Cognito updates mapped attributes with the permissions of the client the user signs in with; without write permission it throws and the federated sign-in fails, or the attribute is never updated.',
        fix: {
          console: `${consoleClient(ctx, client)} → Attribute permissions → Edit → tick "${attribute}" under Write`,
          cli: `aws cognito-idp update-user-pool-client --user-pool-id ${ctx.poolId}${regionFlag(ctx)} --client-id ${client.ClientId} --write-attributes ${writeList.join(' ')}   # ${UPDATE_CLIENT_NOTE}`,
        },
        clientId: client.ClientId,
        attribute,
        provider: names[0],
      });
    }
  }
};

const checkProviders = (ctx: Context, providers: readonly IdentityProviderView[]) => {
  const { config, pool } = ctx;
  for (const provider of providers) {
    const name = provider.ProviderName ?? '?';
    const mapping = provider.AttributeMapping ?? {};
    for (const [attribute, source] of Object.entries(mapping)) {
      if (attribute === 'username') continue;
      if (!attributeExists(pool, attribute)) {
        ctx.add({
          code: 'MAPPED_ATTRIBUTE_NOT_IN_SCHEMA',
          severity: Severity.CRITICAL,
          title: `${name} maps "${source}" onto "${attribute}", which the pool does not have`,
          why: 'Federated sign-in through this provider fails ("Attribute does not exist in the schema").',
          fix: {
            console: mappingConsole(ctx, name),
            cli: addCustomAttributeCli(ctx, attribute),
          },
          attribute,
          provider: name,
        });
        continue;
      }
      const isToken = IDP_TOKEN_SOURCES.has(source);
      const alreadyReported = config.idpTokens.some((entry) => entry.attribute === attribute);
      if (!isMutable(pool, attribute) && !alreadyReported) {
        ctx.add({
          code: 'MAPPED_ATTRIBUTE_IMMUTABLE',
          severity: Severity.CRITICAL,
          title: `${name} maps "${source}" onto "${attribute}", an immutable attribute`,
          why: 'Cognito rewrites mapped attributes on every federated sign-in; an immutable one lets each user sign in once and then fails ("Attribute cannot be updated"), and the value is never updated.',
          fix: {
            console: `${mappingConsole(ctx, name)} → map "${source}" to a mutable attribute instead`,
            cli: `${addCustomAttributeCli(ctx, attribute, '_m')} && aws cognito-idp update-identity-provider --user-pool-id ${ctx.poolId}${regionFlag(ctx)} --provider-name ${name} --attribute-mapping <the full mapping with ${source} → the new attribute>`,
          },
          attribute,
          provider: name,
        });
      }
      const maxLength = maxLengthOf(pool, attribute);
      if (maxLength !== undefined && maxLength < ATTRIBUTE_MAX_LENGTH && !alreadyReported) {
        ctx.add({
          code: isToken ? 'IDP_TOKEN_ATTRIBUTE_TOO_SHORT' : 'MAPPED_ATTRIBUTE_TOO_SHORT',
          severity: isToken ? Severity.CRITICAL : Severity.WARNING,
          title: `${name} maps "${source}" onto "${attribute}", which holds at most ${maxLength} characters`,
          why: `A value longer than ${maxLength} characters from the IdP makes Cognito refuse the sign-in before any trigger runs${isToken ? '; IdP tokens are routinely 1,000–2,000 characters' : ' (long group lists are the usual cause)'}.`,
          fix: {
            console: `${consolePool(ctx)} → Sign-up → Custom attributes → Add custom attributes: String, max length ${ATTRIBUTE_MAX_LENGTH}, mutable; then ${mappingConsole(ctx, name)}`,
            cli: addCustomAttributeCli(ctx, attribute, '2'),
          },
          attribute,
          provider: name,
        });
      }
    }
    const expected = provider.ProviderType ? USERNAME_SOURCE[provider.ProviderType] : undefined;
    const username = mapping.username;
    if (expected && username !== undefined && username !== expected) {
      ctx.add({
        code: 'USERNAME_MAPPED_TO_WRONG_CLAIM',
        severity: Severity.WARNING,
        title: `${name} (${provider.ProviderType}) maps username to "${username}" instead of "${expected}"`,
        why: `Cognito names federated users ${name}_<${expected}>; the IdP's "${expected}" is the stable, unique id. A different claim (often email) can change or be reused, so one person becomes several Cognito users, or two people share one. Map "${username}" to preferred_username if you want it shown.`,
        fix: {
          console: `${mappingConsole(ctx, name)} → username ← ${expected}`,
          cli: `aws cognito-idp update-identity-provider --user-pool-id ${ctx.poolId}${regionFlag(ctx)} --provider-name ${name} --attribute-mapping username=${expected}${Object.entries(
            mapping,
          )
            .filter(([k]) => k !== 'username')
            .map(([k, v]) => `,${k}=${v}`)
            .join('')}`,
        },
        provider: name,
        attribute: 'username',
      });
    }
  }
  const names = new Set(providers.map((p) => p.ProviderName));
  for (const name of Object.keys(config.providers)) {
    if (!names.has(name)) {
      ctx.add({
        code: 'PROVIDER_NOT_IN_POOL',
        severity: Severity.WARNING,
        title: `The config expects identity provider "${name}", which the pool does not have`,
        why: 'Its expectedAttributes are never checked, because no user signs in through it under that name.',
        fix: {
          console: `${consolePool(ctx)} → Social and external providers`,
          cli: `aws cognito-idp list-identity-providers --user-pool-id ${ctx.poolId}${regionFlag(ctx)}`,
          config: `Or correct the key "${name}" under $.providers`,
        },
        provider: name,
      });
    }
  }
  for (const entry of config.idpTokens) {
    if (!entry.idpAttribute) continue;
    const mappedBy = providers.filter(
      (p) => p.AttributeMapping?.[entry.attribute] === entry.idpAttribute,
    );
    if (mappedBy.length === 0 && providers.length > 0) {
      ctx.add({
        code: 'IDP_TOKEN_NOT_MAPPED',
        severity: Severity.WARNING,
        title: `No identity provider maps "${entry.idpAttribute}" onto "${entry.attribute}"`,
        why: 'The idpTokens rule never sees a token, so the guard checks nothing.',
        fix: {
          console: `${mappingConsole(ctx, providers[0]?.ProviderName ?? '<provider>')} → ${entry.attribute} ← ${entry.idpAttribute}`,
          cli: `aws cognito-idp update-identity-provider --user-pool-id ${ctx.poolId}${regionFlag(ctx)} --provider-name <provider> --attribute-mapping <the full mapping>,${entry.attribute}=${entry.idpAttribute}`,
        },
        attribute: entry.attribute,
      });
    }
  }
};

const checkGaps = (ctx: Context, input: DoctorInput) => {
  for (const gap of input.gaps) {
    ctx.add({
      code: 'NOT_CHECKED',
      severity: gap.unsupported ? Severity.INFO : Severity.WARNING,
      title: `${gap.what} could not be read, so the checks that need them did not run`,
      why: gap.unsupported
        ? `The endpoint does not implement this call (${gap.reason}); emulators lack it. Run doctor against the real pool for these checks (IdP mappings, username source, mapped attribute length and mutability).`
        : `The call failed: ${gap.reason}.`,
      fix: {
        console:
          'Run doctor with credentials allowed cognito-idp:ListIdentityProviders and cognito-idp:DescribeIdentityProvider',
        cli: `aws cognito-idp list-identity-providers --user-pool-id ${ctx.poolId}${regionFlag(ctx)}`,
      },
    });
  }
  if (input.clients.length === 0) {
    ctx.add({
      code: 'NO_APP_CLIENTS',
      severity: Severity.INFO,
      title: 'The pool has no app clients',
      why: 'No tokens are issued, so client permissions were not checked.',
      fix: {
        console: `${consolePool(ctx)} → App clients → Create app client`,
        cli: `aws cognito-idp create-user-pool-client --user-pool-id ${ctx.poolId}${regionFlag(ctx)} --client-name <name>`,
      },
    });
  }
};

const findingKey = (f: Finding) => [f.code, f.clientId, f.attribute, f.claim, f.provider].join('|');

/** Runs every check; findings are sorted critical → warning → info, then in check order. */
export const diagnose = (input: DoctorInput): Finding[] => {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const ctx: Context = {
    config: input.config,
    pool: input.pool,
    poolId: input.pool.Id ?? '<user-pool-id>',
    region: input.region ?? '',
    clients: input.clients,
    version: triggerVersion(input.pool),
    add: (finding) => {
      const key = findingKey(finding);
      if (seen.has(key)) return;
      seen.add(key);
      findings.push(finding);
    },
  };
  checkTrigger(ctx);
  checkIdpGuard(ctx);
  checkPlan(ctx);
  checkSelfWritable(ctx);
  checkIdpTokens(ctx);
  checkMappedWritable(ctx, input.providers);
  if (input.providers) checkProviders(ctx, input.providers);
  checkClaimAttributes(ctx);
  checkClientReads(ctx);
  checkGaps(ctx, input);
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] || a.index - b.index,
    )
    .map(({ finding }) => finding);
};

export const hasCritical = (findings: readonly Finding[]): boolean =>
  findings.some((finding) => finding.severity === Severity.CRITICAL);
