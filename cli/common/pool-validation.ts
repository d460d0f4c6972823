/**
 * Can this user pool serve this claims config? The pool comes as a view (from a CloudFormation
 * template, pool-from-template.ts, or read live, pool-snapshot.ts); the answer is findings, an
 * error for what would break sign-in once deployed:
 * - a `required` claim (without a `default`) whose attribute the pool does not define: the
 *   trigger refuses every sign-in;
 * - such a claim whose attribute an app client cannot read: Cognito leaves unreadable
 *   attributes out of the client's ID token (cognito-contract.md §7.3), and whether it also
 *   leaves them out of the trigger's event is not documented (§1.3, §11.3), so a gate takes the
 *   reading that cannot let every sign-in through that client be refused;
 * - an IdP token attribute that is immutable or holds fewer than 2,048 characters: federated
 *   sign-in fails before any trigger runs.
 * The same for an optional claim is a warning: the claim is missing, nothing is refused.
 * Pure: used by `cognito-claims validate`, and meant for the Serverless plugin as well.
 */
import { type ClaimRule, type ClaimsConfig, GROUPS_SOURCE } from '../../shared/core/claims/types';
import { ATTRIBUTE_MAX_LENGTH } from '../../shared/core/cognito';
import {
  attributeExists,
  canRead,
  clientLabel,
  hasUserSignIn,
  isMutable,
  isSystemAttribute,
  maxLengthOf,
  schemaAttribute,
} from './pool-attributes';
import type { AppClientView, UserPoolView } from './pool-views';

export const ValidationSeverity = {
  ERROR: 'error',
  WARNING: 'warning',
  INFO: 'info',
} as const;
export type ValidationSeverity = (typeof ValidationSeverity)[keyof typeof ValidationSeverity];

export interface ValidationFinding {
  /** Stable identifier, e.g. `REQUIRED_CLAIM_ATTRIBUTE_MISSING`; docs/validate.md lists them. */
  readonly code: string;
  readonly severity: ValidationSeverity;
  /** What is wrong and what it does, naming the claim, attribute, client or parameter. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
  readonly claim?: string;
  readonly attribute?: string;
  readonly clientId?: string;
  /** A stack parameter (serverless.yml `params`) the finding is about. */
  readonly parameter?: string;
  /** Where in the claims config, e.g. `$.claims[0].from`. */
  readonly path?: string;
}

/** The pool under test: its attributes and the app clients that sign users in to it. */
export interface PoolUnderTest {
  readonly pool: UserPoolView;
  readonly clients: readonly AppClientView[];
}

/** Claims read from a user attribute, not a fixed value, the user's groups or a source's item. */
const readsUserAttribute = (rule: ClaimRule): rule is ClaimRule & { from: string } =>
  rule.from !== undefined && rule.from !== GROUPS_SOURCE && rule.source === undefined;

/** A required claim without a default is the one the trigger denies a sign-in for. */
const denies = (rule: ClaimRule) => rule.required && rule.default === undefined;

const appliesTo = (rule: ClaimRule, client: AppClientView) =>
  !rule.clients || (client.ClientId !== undefined && rule.clients.includes(client.ClientId));

function claimFindings(
  rule: ClaimRule & { from: string },
  index: number,
  target: PoolUnderTest,
): ValidationFinding[] {
  const path = `$.claims[${index}].from`;
  const { claim, from: attribute } = rule;
  const strict = denies(rule);
  const what = strict ? `required claim "${claim}"` : `claim "${claim}"`;
  if (!attributeExists(target.pool, attribute)) {
    return [
      {
        code: strict ? 'REQUIRED_CLAIM_ATTRIBUTE_MISSING' : 'CLAIM_ATTRIBUTE_MISSING',
        severity: strict ? ValidationSeverity.ERROR : ValidationSeverity.WARNING,
        message: `${what} reads ${attribute}, which the user pool does not define: ${
          strict
            ? 'every sign-in would be refused'
            : 'no token would ever carry it (an ATTRIBUTE_MISSING record at each sign-in)'
        }`,
        fix: `define ${attribute} in the pool (the template's Schema, or aws cognito-idp add-custom-attributes), or correct ${path}${strict ? `, or give the claim a default` : ''}`,
        claim,
        attribute,
        path,
      },
    ];
  }
  if (isSystemAttribute(attribute)) return [];
  return target.clients
    .filter((client) => hasUserSignIn(client) && appliesTo(rule, client))
    .filter((client) => !canRead(client, attribute))
    .map(
      (client): ValidationFinding => ({
        code: strict ? 'REQUIRED_CLAIM_ATTRIBUTE_UNREADABLE' : 'CLAIM_ATTRIBUTE_UNREADABLE',
        severity: strict ? ValidationSeverity.ERROR : ValidationSeverity.WARNING,
        message: `${what} reads ${attribute}, which app client ${clientLabel(client)} cannot read: ${
          strict
            ? "sign-ins through it would be refused if Cognito keeps the attribute out of the trigger's event, as it keeps it out of the client's ID token"
            : "the claim may be missing from this client's tokens, as the attribute is from its ID token"
        }`,
        fix: `add ${attribute} to the client's ReadAttributes, or limit the claim to other clients with $.claims[${index}].clients`,
        claim,
        attribute,
        ...(client.ClientId !== undefined ? { clientId: client.ClientId } : {}),
        path,
      }),
    );
}

function idpTokenFindings(
  attribute: string,
  index: number,
  pool: UserPoolView,
): ValidationFinding[] {
  const path = `$.idpTokens[${index}].attribute`;
  if (!attributeExists(pool, attribute)) {
    return [
      {
        code: 'IDP_TOKEN_ATTRIBUTE_MISSING',
        severity: ValidationSeverity.WARNING,
        message: `IdP token attribute ${attribute} is not defined in the user pool: no IdP can map a token onto it, so the guard checks nothing`,
        fix: `define ${attribute} in the pool: String, Mutable true, MaxLength ${ATTRIBUTE_MAX_LENGTH}; or correct ${path}`,
        attribute,
        path,
      },
    ];
  }
  const findings: ValidationFinding[] = [];
  const entry = schemaAttribute(pool, attribute);
  // A template that leaves Mutable out gets the API's default, immutable; a live pool says.
  const immutable = entry ? entry.Mutable !== true : !isMutable(pool, attribute);
  if (immutable) {
    findings.push({
      code: 'IDP_TOKEN_ATTRIBUTE_IMMUTABLE',
      severity: ValidationSeverity.ERROR,
      message: `IdP token attribute ${attribute} is not mutable${entry?.Mutable === undefined ? ' (Mutable is not set to true)' : ''}: Cognito rewrites it at every federated sign-in, so each user could sign in once and never again`,
      fix: `custom attributes cannot change once the pool exists: define a new one with Mutable true and MaxLength ${ATTRIBUTE_MAX_LENGTH}, map the IdP token onto it and point ${path} at it`,
      attribute,
      path,
    });
  }
  const maxLength = maxLengthOf(pool, attribute);
  if (maxLength !== undefined && maxLength < ATTRIBUTE_MAX_LENGTH) {
    findings.push({
      code: 'IDP_TOKEN_ATTRIBUTE_TOO_SHORT',
      severity: ValidationSeverity.ERROR,
      message: `IdP token attribute ${attribute} holds at most ${maxLength.toLocaleString('en-US')} characters, fewer than ${ATTRIBUTE_MAX_LENGTH.toLocaleString('en-US')}: a longer IdP token makes Cognito refuse the federated sign-in before any trigger runs`,
      fix: `custom attributes cannot change once the pool exists: define a new one with MaxLength ${ATTRIBUTE_MAX_LENGTH}, map the IdP token onto it and point ${path} at it`,
      attribute,
      path,
    });
  }
  return findings;
}

/** Every finding for the pool, errors first, then in config order. */
export function validatePool(config: ClaimsConfig, target: PoolUnderTest): ValidationFinding[] {
  const findings: ValidationFinding[] = [];
  const reported = new Set<string>();
  config.claims.forEach((rule, index) => {
    if (!readsUserAttribute(rule)) return;
    for (const finding of claimFindings(rule, index, target)) {
      // Two claims from one missing attribute: each is named, each can be refused.
      const key = `${finding.code}|${finding.claim}|${finding.clientId ?? ''}`;
      if (reported.has(key)) continue;
      reported.add(key);
      findings.push(finding);
    }
  });
  const seen = new Set<string>();
  config.idpTokens.forEach((rule, index) => {
    if (seen.has(rule.attribute)) return;
    seen.add(rule.attribute);
    findings.push(...idpTokenFindings(rule.attribute, index, target.pool));
  });
  return sortFindings(findings);
}

const RANK: Readonly<Record<ValidationSeverity, number>> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then info; otherwise in the order found. */
export function sortFindings(findings: readonly ValidationFinding[]): ValidationFinding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => RANK[a.finding.severity] - RANK[b.finding.severity] || a.index - b.index)
    .map(({ finding }) => finding);
}

export function hasErrors(findings: readonly ValidationFinding[]): boolean {
  return findings.some((finding) => finding.severity === ValidationSeverity.ERROR);
}
