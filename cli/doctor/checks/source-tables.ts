/**
 * Do the tables the config's `sources` read exist, and does each table's key schema match the
 * source's `key`? A missing table or a key that does not match fails every read at sign-in
 * (ResourceNotFoundException, ValidationException), so the source's claims are never issued.
 * Key templates make strings: a key attribute of type N or B never matches.
 */
import type { ClaimsConfig } from '../../../shared/core/claims/types';
import {
  type CheckContext,
  type Finding,
  Severity,
  type SourceTableView,
  type TableKeyAttribute,
} from '../types';

type FoundKey = readonly TableKeyAttribute[];

const KEY_NAMES: Readonly<Record<string, string>> = {
  HASH: 'partition key',
  RANGE: 'sort key',
};
const TYPE_NAMES: Readonly<Record<string, string>> = { N: 'N (number)', B: 'B (binary)' };

/** Why a source's `key` does not fit its table; empty when it does. */
export function keyProblems(
  configKey: Readonly<Record<string, string>>,
  found: FoundKey,
): string[] {
  const names = Object.keys(configKey);
  const tableNames = new Set(found.map((k) => k.name));
  const problems: string[] = [];
  for (const name of names) {
    if (!tableNames.has(name)) problems.push(`"${name}" is not a key attribute of the table`);
  }
  for (const k of found) {
    if (!names.includes(k.name)) {
      problems.push(
        `the table's ${KEY_NAMES[k.keyType] ?? k.keyType} "${k.name}" is missing from the config's key`,
      );
    } else if (k.type !== undefined && k.type !== 'S') {
      problems.push(
        `"${k.name}" is of type ${TYPE_NAMES[k.type] ?? k.type}, but key templates make strings (S)`,
      );
    }
  }
  return problems;
}

/** `pk (HASH, S), sk (RANGE, S)` */
export function describeKey(found: FoundKey): string {
  return found
    .map((k) => `${k.name} (${[k.keyType, k.type].filter(Boolean).join(', ')})`)
    .join(', ');
}

export const SourceTableStatus = {
  OK: 'ok',
  NOT_FOUND: 'not-found',
  KEY_MISMATCH: 'key-mismatch',
  NOT_CHECKED: 'not-checked',
} as const;
export type SourceTableStatus = (typeof SourceTableStatus)[keyof typeof SourceTableStatus];

export function sourceTableStatus(view: SourceTableView, config: ClaimsConfig): SourceTableStatus {
  const { state } = view;
  if (state.kind === 'missing') return SourceTableStatus.NOT_FOUND;
  if (state.kind !== 'found') return SourceTableStatus.NOT_CHECKED;
  const key = config.sources?.[view.source]?.dynamodb.key ?? {};
  return keyProblems(key, state.key).length > 0
    ? SourceTableStatus.KEY_MISMATCH
    : SourceTableStatus.OK;
}

const flags = (view: SourceTableView) =>
  `--region ${view.region}${view.endpoint ? ` --endpoint-url ${view.endpoint}` : ''}`;

const describeCli = (view: SourceTableView) =>
  `aws dynamodb describe-table --table-name ${view.table} ${flags(view)} --query "Table.[KeySchema,AttributeDefinitions]"`;

const tableArn = (view: SourceTableView) =>
  `arn:aws:dynamodb:${view.region}:<account-id>:table/${view.table}`;

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** What a source that cannot be read costs: its claims, and sign-in where one is required. */
function cost(config: ClaimsConfig, source: string): { severity: Severity; text: string } {
  const rules = config.claims.filter((rule) => rule.source === source);
  const required = rules.filter((rule) => rule.required).map((rule) => rule.claim);
  const claims = rules.map((rule) => rule.claim);
  const left = claims.length
    ? `the claims it feeds (${quoted(claims)}) are left out of every token`
    : 'no claim reads it yet';
  return required.length
    ? {
        severity: Severity.CRITICAL,
        text: `${left}, and ${quoted(required)} ${required.length === 1 ? 'is' : 'are'} required, so every sign-in that needs ${required.length === 1 ? 'it' : 'them'} is refused`,
      }
    : { severity: Severity.WARNING, text: left };
}

function notFound(ctx: CheckContext, view: SourceTableView): Finding {
  const key = Object.keys(ctx.config.sources?.[view.source]?.dynamodb.key ?? {});
  const { severity, text } = cost(ctx.config, view.source);
  const where = view.endpoint ? `at ${view.endpoint}` : `in ${view.region}`;
  return {
    code: 'SOURCE_TABLE_NOT_FOUND',
    severity,
    source: view.source,
    title: `Table "${view.table}" of source "${view.source}" does not exist ${where}`,
    why: `Every read at sign-in fails (SOURCE_UNAVAILABLE, ResourceNotFoundException): ${text}.`,
    fix: {
      console: `DynamoDB console → ${view.region} → Tables → Create table: name ${view.table}, ${key
        .map((name, i) => `${i === 0 ? 'partition' : 'sort'} key ${name} (String)`)
        .join(', ')}`,
      cli: `aws dynamodb create-table --table-name ${view.table} ${flags(view)} --attribute-definitions ${key
        .map((name) => `AttributeName=${name},AttributeType=S`)
        .join(' ')} --key-schema ${key
        .map((name, i) => `AttributeName=${name},KeyType=${i === 0 ? 'HASH' : 'RANGE'}`)
        .join(' ')} --billing-mode PAY_PER_REQUEST`,
      config: `Or correct $.sources.${view.source}.dynamodb.table (or its region); serverless.yml creates it with --param createSourceTables=true (the plugin's createSourceTables)`,
    },
  };
}

function keyMismatch(ctx: CheckContext, view: SourceTableView, found: FoundKey): Finding {
  const configKey = ctx.config.sources?.[view.source]?.dynamodb.key ?? {};
  const problems = keyProblems(configKey, found);
  const { severity, text } = cost(ctx.config, view.source);
  const namesMatch =
    found.every((k) => Object.hasOwn(configKey, k.name)) &&
    Object.keys(configKey).every((name) => found.some((k) => k.name === name));
  const wanted = `{${found
    .map((k) => `"${k.name}": ${JSON.stringify(configKey[k.name] ?? '<template>')}`)
    .join(', ')}}`;
  return {
    code: 'SOURCE_TABLE_KEY_MISMATCH',
    severity,
    source: view.source,
    title: `The key of source "${view.source}" does not match table "${view.table}": ${problems.join('; ')}`,
    why: `The table's key is ${describeKey(found)}. DynamoDB refuses a GetItem whose key differs from the table's key schema (ValidationException), so every read at sign-in fails (SOURCE_UNAVAILABLE): ${text}.`,
    fix: {
      console: `DynamoDB console → ${view.region} → Tables → ${view.table} → Overview → General information (partition key, sort key)`,
      cli: describeCli(view),
      config: namesMatch
        ? `A table's key schema cannot be changed: create a table whose key attributes are strings (S) and point $.sources.${view.source}.dynamodb.table at it`
        : `Set $.sources.${view.source}.dynamodb.key to the table's key attributes: ${wanted}`,
    },
  };
}

function notChecked(view: SourceTableView): Finding {
  const { state } = view;
  const denied = state.kind === 'denied';
  const errorName = state.kind === 'denied' || state.kind === 'failed' ? state.errorName : '';
  return {
    code: 'SOURCE_TABLE_NOT_CHECKED',
    severity: Severity.WARNING,
    source: view.source,
    title: denied
      ? `Table "${view.table}" of source "${view.source}" was not checked: these credentials may not call DescribeTable (${errorName})`
      : `Table "${view.table}" of source "${view.source}" was not checked: DescribeTable failed (${errorName})`,
    why: denied
      ? `doctor needs dynamodb:DescribeTable on ${tableArn(view)} to tell whether the table exists and its key matches $.sources.${view.source}.dynamodb.key; that check did not run. (The functions need only dynamodb:GetItem on it, which the Serverless plugin grants.)`
      : `${state.kind === 'failed' && state.message ? `${state.message}. ` : ''}Whether the table exists and its key matches $.sources.${view.source}.dynamodb.key was not checked.`,
    fix: {
      console: denied
        ? `IAM console → the role or user doctor runs as → Add permissions → Create inline policy: allow dynamodb:DescribeTable on ${tableArn(view)}`
        : `Check the credentials, the region (${view.region}) and the network${view.endpoint ? ` (AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL: ${view.endpoint})` : ''}, then run doctor again`,
      cli: describeCli(view),
    },
  };
}

export function checkSourceTables(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const view of ctx.tables ?? []) {
    const { state } = view;
    if (state.kind === 'missing') findings.push(notFound(ctx, view));
    else if (state.kind !== 'found') findings.push(notChecked(view));
    else if (sourceTableStatus(view, ctx.config) === SourceTableStatus.KEY_MISMATCH) {
      findings.push(keyMismatch(ctx, view, state.key));
    }
  }
  return findings;
}
