/**
 * `explain` without I/O: for one user, each app client and each trigger source that matters,
 * runs the claims core (explainSignIn, buildResponse) and turns its steps into one answer per
 * claim and token in plain words: present with where the value came from, or absent and why,
 * with the fix and the user's failure records on a timeline.
 */
import {
  buildResponse,
  type CompiledConfig,
  compileConfig,
} from '../../shared/core/claims/build-response';
import type { RulePlan } from '../../shared/core/claims/compile';
import { RULE_FEATURES } from '../../shared/core/claims/rule-features';
import type {
  ClaimsConfig,
  TokenRequest,
  V1Response,
  V2Response,
} from '../../shared/core/claims/types';
import type { TokenKind } from '../../shared/core/cognito';
import { type Failure, FailureCode } from '../../shared/core/failure-codes';
import { InvalidItemValue, itemValue } from '../../shared/core/sources/item-value';
import { parseKeyTemplate, renderKey } from '../../shared/core/sources/key-template';
import { sourcedValues } from '../../shared/core/sources/sourced-value';
import { SourceOutcome, type SourceResults } from '../../shared/core/sources/types';
import { displayValue, hiddenClaims } from '../common/claim-display';
import {
  type ClaimExplanation,
  explainSignIn,
  RuleOutcome,
  type RuleStep,
} from '../common/claim-explanations';
import type { FailureEntry } from '../common/failure-records';

/** How the pool's Pre Token Generation trigger is wired (DescribeUserPool's LambdaConfig). */
export type TriggerWiring = 'V1_0' | 'V2_0' | 'V3_0' | 'none' | 'unknown';

export const Cause = {
  PRESENT: 'present',
  DEFAULT: 'default',
  NOT_WIRED: 'trigger-not-wired',
  V1: 'trigger-on-v1',
  NOT_EVALUATED: 'not-evaluated',
  ATTRIBUTE_ABSENT: 'attribute-absent',
  CONDITION: 'condition-not-met',
  TYPE_MISMATCH: 'type-mismatch',
  SIZE: 'left-out-for-size',
  CLIENT: 'client-not-listed',
  RESERVED: 'reserved',
  MAP_EMPTY: 'map-empty',
  TRANSFORM_EMPTY: 'transform-empty',
  /** A key placeholder of the rule's source has no value: no item was read. */
  SOURCE_KEY_ABSENT: 'source-key-absent',
  SOURCE_ITEM_MISSING: 'source-item-missing',
  SOURCE_TIMEOUT: 'source-timeout',
  SOURCE_UNAVAILABLE: 'source-unavailable',
  SOURCE_VALUE_INVALID: 'source-value-invalid',
  /** The item was read but has nothing at the rule's path. */
  SOURCE_ATTRIBUTE_ABSENT: 'source-attribute-absent',
} as const;
export type Cause = (typeof Cause)[keyof typeof Cause];

/** What the config's sources gave one sign-in: read from the tables, or an `--item` file. */
export interface SourceReadView {
  readonly results: SourceResults;
  /** The reader's failure records (code, source, errorName); never an item value. */
  readonly failures: readonly Failure[];
  readonly from: 'tables' | { readonly file: string };
}

/** One sign-in explain runs the core for. */
export interface SignInCase {
  readonly clientId: string;
  readonly triggerSource: string;
  readonly request: TokenRequest;
}

export const signInKey = (clientId: string, triggerSource: string): string =>
  `${clientId}\u0000${triggerSource}`;

export interface ExplainInput {
  readonly config: ClaimsConfig;
  readonly userPoolId: string;
  readonly username: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly groups: readonly string[];
  readonly clients: readonly { readonly id: string; readonly name?: string }[];
  readonly trigger: TriggerWiring;
  /** Only this claim, when given. */
  readonly claim?: string;
  /** The user's failure records, when they could be read. */
  readonly records?: readonly FailureEntry[];
  /** What the sources gave each sign-in (by signInKey), when they were read or given. */
  readonly sourceReads?: ReadonlyMap<string, SourceReadView>;
}

/** Where a sourced claim's value came from, or which item it was looked for in. */
export interface SourceAnswer {
  readonly name: string;
  readonly table: string;
  /** The item's key for this sign-in (key values, never item values); absent when unkeyed. */
  readonly key?: Readonly<Record<string, string>>;
  readonly path: string;
  readonly code?: string;
  readonly errorName?: string;
}

export interface TimelineLine {
  readonly code: string;
  readonly count: number;
  readonly providerName?: string;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  readonly configVersions: readonly string[];
  /** "IDP_ATTRIBUTE_MISSING 12 times since Tue 24 Nov 10:02 UTC through AcmeAzure". */
  readonly text: string;
}

export interface ClaimAnswer {
  readonly claim: string;
  readonly token: TokenKind;
  readonly clients: readonly string[];
  readonly triggerSources: readonly string[];
  readonly present: boolean;
  readonly cause: Cause;
  /** The value as printed (masked when sensitive), when present. */
  readonly value?: string;
  readonly rule?: string;
  /** For a claim from a table: the source, table, item key and path (and the read's failure). */
  readonly source?: SourceAnswer;
  /** Why, in plain words: one line per rule of the claim's chain that did not give it. */
  readonly reasons: readonly string[];
  /** A required claim the sign-in is refused for. */
  readonly denies: boolean;
  readonly fixes: readonly string[];
}

export interface ClaimReport {
  readonly claim: string;
  readonly answers: readonly ClaimAnswer[];
  readonly records: readonly TimelineLine[];
}

export interface ExplainReport {
  readonly claims: readonly ClaimReport[];
  /** Records that name no claim of the config (INTERNAL_ERROR, CONFIG_INVALID, ...). */
  readonly otherRecords: readonly TimelineLine[];
  readonly triggerSources: readonly string[];
}

/** Sign-ins every pool sees; a config's own when.triggerSources are added to them. */
const BASE_SOURCES = [
  'TokenGeneration_HostedAuth',
  'TokenGeneration_Authentication',
  'TokenGeneration_RefreshTokens',
] as const;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** "Tue 24 Nov 10:02 UTC": a day an operator reads at a glance, in UTC as CloudWatch shows it. */
export function shortTime(time: number): string {
  const at = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[at.getUTCDay()]} ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC`;
}

export function triggerSourcesFor(config: ClaimsConfig): string[] {
  const sources = new Set<string>(BASE_SOURCES);
  const add = (list: readonly string[] | undefined) => {
    for (const source of list ?? [])
      if (source !== 'TokenGeneration_ClientCredentials') sources.add(source);
  };
  for (const rule of config.claims) add(rule.when?.triggerSources);
  for (const entry of [...(config.scopes.addWhen ?? []), ...(config.scopes.suppressWhen ?? [])]) {
    add(entry.when?.triggerSources);
  }
  return [...sources];
}

const versionOf = (trigger: TriggerWiring): '1' | '2' | '3' =>
  trigger === 'V1_0' ? '1' : trigger === 'V3_0' ? '3' : '2';

const ruleAt = (config: ClaimsConfig, path: string) => {
  const index = Number(/\[(\d+)\]/.exec(path)?.[1]);
  return Number.isInteger(index) ? config.claims[index] : undefined;
};

/** The timeline of records, one line per code and provider, oldest first. */
export function timeline(entries: readonly FailureEntry[]): TimelineLine[] {
  const groups = new Map<string, FailureEntry[]>();
  for (const entry of entries) {
    const key = `${entry.code}\u0000${entry.providerName ?? ''}`;
    const list = groups.get(key) ?? [];
    list.push(entry);
    groups.set(key, list);
  }
  const lines = [...groups.values()].map((list) => {
    let first: number | undefined;
    let last: number | undefined;
    for (const { time } of list) {
      if (time === undefined) continue;
      if (first === undefined || time < first) first = time;
      if (last === undefined || time > last) last = time;
    }
    const head = list[0] as FailureEntry;
    const versions = [
      ...new Set(list.flatMap((entry) => (entry.configVersion ? [entry.configVersion] : []))),
    ];
    const count = list.length === 1 ? 'once' : `${list.length} times`;
    const text = [
      `${head.code} ${count}`,
      first !== undefined ? ` ${list.length === 1 ? 'at' : 'since'} ${shortTime(first)}` : '',
      head.providerName ? ` through ${head.providerName}` : '',
      last !== undefined && first !== undefined && last !== first
        ? `, last ${shortTime(last)}`
        : '',
      versions.length > 0 ? ` (configVersion ${versions.join(', ')})` : '',
    ].join('');
    return {
      line: {
        code: head.code,
        count: list.length,
        ...(head.providerName ? { providerName: head.providerName } : {}),
        ...(first !== undefined ? { firstSeen: new Date(first).toISOString() } : {}),
        ...(last !== undefined ? { lastSeen: new Date(last).toISOString() } : {}),
        configVersions: versions,
        text,
      },
      first: first ?? Number.POSITIVE_INFINITY,
    };
  });
  return lines.sort((a, b) => a.first - b.first).map(({ line }) => line);
}

interface Context {
  readonly input: ExplainInput;
  readonly compiled: CompiledConfig;
  readonly clientId: string;
  readonly request: TokenRequest;
  readonly sources: SourceReadView | undefined;
  readonly v1: boolean;
}

interface Described {
  readonly reason: string;
  readonly fix?: string;
  /** When the step's outcome alone does not tell the cause (a sourced rule). */
  readonly cause?: Cause;
  readonly source?: SourceAnswer;
}

const planOf = (ctx: Context, path: string): RulePlan | undefined => {
  const index = Number(/\[(\d+)\]/.exec(path)?.[1]);
  return Number.isInteger(index) ? ctx.compiled.rules[index] : undefined;
};

/** The source's item key for this sign-in, and the placeholders without a value. */
function keyOf(plan: RulePlan, ctx: Context) {
  const source = ctx.compiled.sources[plan.sourceIndex];
  const key: Record<string, string> = {};
  const absent: string[] = [];
  for (const [attribute, template] of Object.entries(source?.config.dynamodb.key ?? {})) {
    const parts = parseKeyTemplate(template);
    if ('problem' in parts) continue;
    const value = renderKey(parts, ctx.request);
    if (value !== undefined) key[attribute] = value;
    for (const part of parts) {
      if ('placeholder' in part && renderKey([part], ctx.request) === undefined) {
        absent.push(part.placeholder);
      }
    }
  }
  return { source, key, absent: [...new Set(absent)] };
}

const keyText = (key: Readonly<Record<string, string>>) =>
  Object.entries(key)
    .map(([attribute, value]) => `${attribute}=${value}`)
    .join('/');

/** What DynamoDB's error name means for the operator, and what to change. */
function unavailableFix(errorName: string, table: string, name: string, region: string): string {
  switch (errorName) {
    case 'ResourceNotFoundException':
      return `create table ${table} in ${region}, or fix $.sources.${name}.dynamodb.table (and .region) to name the table the items are in`;
    case 'AccessDeniedException':
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'ExpiredTokenException':
      return `the credentials explain used may not read ${table}: they need dynamodb:GetItem on it (the trigger's role needs it too); check them and retry`;
    case 'CredentialsMissing':
      return 'no AWS credentials for the table read: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE / --profile) and retry';
    case 'ThrottlingException':
    case 'ProvisionedThroughputExceededException':
    case 'RequestLimitExceeded':
      return `${table} throttled the read: raise its capacity or switch it to on-demand`;
    default:
      return `DynamoDB answered ${errorName}: check that ${table} can be reached (AWS_ENDPOINT_URL_DYNAMODB, the network) and read`;
  }
}

/** Why a sourced rule gave no value, from what its source gave this sign-in. */
function describeSourced(step: RuleStep, plan: RulePlan, ctx: Context): Described {
  const { username, userPoolId } = ctx.input;
  const name = plan.sourceName ?? '';
  const path = plan.path.join('.');
  const view = ctx.sources;
  const { source, key, absent } = keyOf(plan, ctx);
  const table = source?.config.dynamodb.table ?? name;
  const region =
    source?.config.dynamodb.region ?? /^([a-z0-9-]+)_/.exec(userPoolId)?.[1] ?? 'its region';
  const base: SourceAnswer = { name, table, path };
  const result = view?.results[plan.sourceIndex];
  if (!view || result === undefined) {
    return {
      reason: view
        ? `${step.rule}: not evaluated: the --item file gives no item for source "${name}"`
        : `${step.rule}: not evaluated: it reads source "${name}" (table ${table}), which explain reads only when asked: add --read-sources (or --item <file>)`,
      cause: Cause.NOT_EVALUATED,
      source: base,
    };
  }
  const fromFile = view.from !== 'tables';
  const item = fromFile
    ? `the --item file's item for source "${name}"`
    : `item ${keyText(key)} of table ${table}`;
  const orDefault = `, or give ${step.rule} a "default"`;
  if (result === SourceOutcome.UNKEYED) {
    const missing = absent[0] ?? 'a placeholder';
    return {
      reason: `${step.rule}: no item read: the key of source "${name}" needs ${absent.join(', ') || 'a placeholder'}, which ${username} does not have`,
      fix: `set ${missing} for ${username} (aws cognito-idp admin-update-user-attributes --user-pool-id ${userPoolId} --username ${username} --user-attributes Name=${missing},Value=...)${orDefault}`,
      cause: Cause.SOURCE_KEY_ABSENT,
      source: base,
    };
  }
  const keyed: SourceAnswer = { ...base, ...(fromFile ? {} : { key }) };
  if (result === SourceOutcome.MISSING) {
    return {
      reason: `${step.rule}: item missing (SOURCE_ITEM_MISSING): ${fromFile ? `${item} is null` : `table ${table} has no item ${keyText(key)}`}`,
      fix: `write item ${keyText(key)} with attribute ${path} to ${table}, or fix $.sources.${name}.dynamodb.key if the item is under another key${orDefault}`,
      cause: Cause.SOURCE_ITEM_MISSING,
      source: { ...keyed, code: FailureCode.SOURCE_ITEM_MISSING },
    };
  }
  if ('failed' in result) {
    const errorName = view.failures.find((failure) => failure.source === name)?.errorName;
    const code = result.failed;
    const failed: SourceAnswer = { ...keyed, code, ...(errorName ? { errorName } : {}) };
    const said = `${code}${errorName ? `, ${errorName}` : ''}`;
    if (code === FailureCode.SOURCE_TIMEOUT) {
      const timeoutMs = source?.config.timeoutMs;
      return {
        reason: `${step.rule}: table not read (${said}): ${table} gave no answer within ${timeoutMs} ms for item ${keyText(key)}`,
        fix: `check ${table}'s latency from the trigger's region, or raise $.sources.${name}.timeoutMs (${timeoutMs} ms now, at most 1500)`,
        cause: Cause.SOURCE_TIMEOUT,
        source: failed,
      };
    }
    if (code === FailureCode.SOURCE_VALUE_INVALID) {
      return {
        reason: `${step.rule}: value invalid (${said}): ${table} answered item ${keyText(key)} in a form that is not an item`,
        fix: `check what answers at ${table}'s endpoint (AWS_ENDPOINT_URL_DYNAMODB): it is not DynamoDB`,
        cause: Cause.SOURCE_VALUE_INVALID,
        source: failed,
      };
    }
    return {
      reason: `${step.rule}: table not read (${said}): item ${keyText(key)} of table ${table} could not be read`,
      fix: unavailableFix(errorName ?? code, table, name, region),
      cause: Cause.SOURCE_UNAVAILABLE,
      source: failed,
    };
  }
  const found = itemValue(result.item, plan.path);
  if (found === undefined) {
    return {
      reason: `${step.rule}: attribute absent in the item: ${item} has no ${path}`,
      fix: `add ${path} to ${item}, or fix ${step.rule}.from (a dot path into the item)${orDefault}`,
      cause: Cause.SOURCE_ATTRIBUTE_ABSENT,
      source: keyed,
    };
  }
  if (found instanceof InvalidItemValue) {
    return {
      reason: `${step.rule}: value invalid (SOURCE_VALUE_INVALID): ${path} in ${item} holds ${found.reason}`,
      fix: `store ${path} in the item as a type a claim can carry (S, N, BOOL, L, M, SS or NS)`,
      cause: Cause.SOURCE_VALUE_INVALID,
      source: { ...keyed, code: FailureCode.SOURCE_VALUE_INVALID },
    };
  }
  if (step.outcome === RuleOutcome.TYPE_MISMATCH) {
    return {
      reason: `${step.rule}: type mismatch: ${step.detail ?? `${path} does not convert`}`,
      fix: `fix ${path} in ${item}, or the "type" of ${step.rule} (${plan.type})`,
      cause: Cause.TYPE_MISMATCH,
      source: keyed,
    };
  }
  return {
    reason: `${step.rule}: attribute absent: ${step.detail ?? `${path} is empty`} in ${item}`,
    fix: `give ${path} a value in ${item}${orDefault}`,
    cause: Cause.SOURCE_ATTRIBUTE_ABSENT,
    source: keyed,
  };
}

/** Where a sourced claim's value came from: its table, item and attribute. */
function sourcedFrom(plan: RulePlan, ctx: Context): { text: string; source: SourceAnswer } {
  const name = plan.sourceName ?? '';
  const path = plan.path.join('.');
  const { source, key } = keyOf(plan, ctx);
  const table = source?.config.dynamodb.table ?? name;
  if (ctx.sources && ctx.sources.from !== 'tables') {
    return {
      text: `the --item file's item for source "${name}", attribute ${path}`,
      source: { name, table, path },
    };
  }
  return {
    text: `table ${table}, item ${keyText(key)}, attribute ${path} (source "${name}")`,
    source: { name, table, key, path },
  };
}

const list = (items: readonly string[]) => items.join(', ');

/** One rule's step, in words, and the fix it calls for. */
function describeStep(step: RuleStep, ctx: Context): Described {
  const { config, username, userPoolId } = ctx.input;
  const rule = ruleAt(config, step.rule);
  const attribute = rule?.from ?? 'the attribute';
  const plan = planOf(ctx, step.rule);
  if (
    plan &&
    plan.sourceIndex >= 0 &&
    (step.outcome === RuleOutcome.ATTRIBUTE_ABSENT || step.outcome === RuleOutcome.TYPE_MISMATCH)
  ) {
    return describeSourced(step, plan, ctx);
  }
  switch (step.outcome) {
    case RuleOutcome.ATTRIBUTE_ABSENT:
      return {
        reason: `${step.rule}: attribute absent: ${step.detail ?? `${attribute} is absent`} for ${username}`,
        fix: `set ${attribute} for ${username} (aws cognito-idp admin-update-user-attributes --user-pool-id ${userPoolId} --username ${username} --user-attributes Name=${attribute},Value=...), map it from the user's identity provider, or give ${step.rule} a "default"`,
      };
    case RuleOutcome.CONDITION: {
      const key = /^(when\.[^\s]+)/.exec(step.detail ?? '')?.[1] ?? 'when';
      const when = rule?.when;
      if (key === 'when.groups' && when?.groups) {
        const groups = ctx.input.groups;
        return {
          reason: `${step.rule}: condition not met: ${key} needs one of ${list(when.groups)}; ${username} is in ${groups.length > 0 ? list(groups) : 'no group'}`,
          fix: `add ${username} to ${when.groups[0]} (aws cognito-idp admin-add-user-to-group --user-pool-id ${userPoolId} --username ${username} --group-name ${when.groups[0]}) if they should get it, or change ${step.rule}.when.groups`,
        };
      }
      if (key === 'when.providers' && when?.providers) {
        return {
          reason: `${step.rule}: condition not met: ${key} needs a sign-in through ${list(when.providers)}`,
          fix: `change ${step.rule}.when.providers if ${username} should get it this way`,
        };
      }
      if (key === 'when.triggerSources' && when?.triggerSources) {
        return {
          reason: `${step.rule}: condition not met: ${key} holds only for ${list(when.triggerSources)}`,
        };
      }
      const name = /^when\.attributes\["(.+)"\]/.exec(key)?.[1];
      const values = name !== undefined ? when?.attributes?.[name] : undefined;
      if (name !== undefined && values) {
        return {
          reason: `${step.rule}: condition not met: ${key} needs ${name} to be one of ${list(values.map(String))}; ${username}'s ${ctx.input.attributes[name] === undefined ? 'is absent' : 'is not'}`,
          fix: `set ${name} for ${username} to one of those values if they should get it, or change ${step.rule}.${key}`,
        };
      }
      return {
        reason: `${step.rule}: condition not met: ${step.detail ?? key}`,
        fix: `change ${step.rule}.${key} if ${username} should get it`,
      };
    }
    case RuleOutcome.TYPE_MISMATCH:
      return {
        reason: `${step.rule}: type mismatch: ${step.detail ?? `${attribute} does not convert`}`,
        fix: `fix ${username}'s value of ${attribute}, or the "type" of ${step.rule} (${rule?.type ?? 'string'})`,
      };
    case RuleOutcome.SIZE:
      return {
        reason: `${step.rule}: left out for size: ${step.detail ?? ''}`,
        fix: `raise $.budget (${step.budgetName === 'total' ? 'total' : 'the token budget'}) or move another claim out of this token; docs/token-size.md`,
      };
    case RuleOutcome.TOKEN_NOT_CUSTOMISED:
      return ctx.v1
        ? {
            reason: `${step.rule}: the trigger is on V1: the pool sends V1_0 events, which customise the ID token only`,
            fix: 'wire Pre Token Generation with LambdaVersion V2_0 (the Essentials or Plus plan): cognito-claims doctor prints the command',
          }
        : { reason: `${step.rule}: ${step.detail ?? 'this sign-in does not customise the token'}` };
    case RuleOutcome.CLIENT:
      return {
        reason: `${step.rule}: ${step.detail ?? 'app client not listed'} in its "clients"`,
        fix: `add ${ctx.clientId} to ${step.rule}.clients if this app client should get it`,
      };
    case RuleOutcome.RESERVED:
      return {
        reason: `${step.rule}: ${step.detail ?? 'Cognito reserves the claim'}`,
        fix: 'rename the claim: Cognito does not let a trigger write it',
      };
    case RuleOutcome.MAP_EMPTY:
      return {
        reason: `${step.rule}: ${step.detail ?? 'its map gives nothing'}`,
        fix: `add ${username}'s value to ${step.rule}.map, or give the rule a "default"`,
      };
    case RuleOutcome.TRANSFORM_EMPTY:
      return {
        reason: `${step.rule}: ${step.detail ?? 'its transform gives nothing'}`,
        fix: `check ${step.rule}.transform against ${username}'s value, or give the rule a "default"`,
      };
    default:
      return { reason: `${step.rule}: ${step.outcome}${step.detail ? `: ${step.detail}` : ''}` };
  }
}

const CAUSE_OF: Partial<Record<RuleOutcome, Cause>> = {
  [RuleOutcome.ATTRIBUTE_ABSENT]: Cause.ATTRIBUTE_ABSENT,
  [RuleOutcome.CONDITION]: Cause.CONDITION,
  [RuleOutcome.TYPE_MISMATCH]: Cause.TYPE_MISMATCH,
  [RuleOutcome.SIZE]: Cause.SIZE,
  [RuleOutcome.CLIENT]: Cause.CLIENT,
  [RuleOutcome.RESERVED]: Cause.RESERVED,
  [RuleOutcome.MAP_EMPTY]: Cause.MAP_EMPTY,
  [RuleOutcome.TRANSFORM_EMPTY]: Cause.TRANSFORM_EMPTY,
};

type Partial1 = Omit<ClaimAnswer, 'clients' | 'triggerSources'>;

function answerFor(
  explained: ClaimExplanation,
  values: Readonly<Record<string, unknown>>,
  denied: string | undefined,
  ctx: Context,
): Partial1 {
  const { config } = ctx.input;
  const base = { claim: explained.claim, token: explained.token, denies: false };
  if (ctx.input.trigger === 'none') {
    return {
      ...base,
      present: false,
      cause: Cause.NOT_WIRED,
      reasons: [
        'the trigger is not wired: the pool has no Pre Token Generation trigger, so no claim is added',
      ],
      fixes: ['wire the deployed trigger into the pool: cognito-claims attach (docs/attach.md)'],
    };
  }
  if (explained.added) {
    const winner = explained.steps.find((step) => step.rule === explained.rule);
    const hidden = hiddenClaims(config);
    const fromDefault = winner?.outcome === RuleOutcome.DEFAULT;
    const plan = explained.rule ? planOf(ctx, explained.rule) : undefined;
    const sourced =
      plan && plan.sourceIndex >= 0 && !fromDefault ? sourcedFrom(plan, ctx) : undefined;
    const source = sourced?.text ?? winner?.description ?? 'its rule';
    return {
      ...base,
      present: true,
      cause: fromDefault ? Cause.DEFAULT : Cause.PRESENT,
      value: displayValue(explained.claim, values[explained.claim], hidden),
      ...(explained.rule ? { rule: explained.rule } : {}),
      ...(sourced ? { source: sourced.source } : {}),
      reasons: [
        fromDefault
          ? `${explained.rule}: its default (${winner?.detail ?? 'no value'})`
          : `${explained.rule}: from ${source}`,
      ],
      fixes: [],
    };
  }
  const missed = explained.steps.filter((step) => step.outcome !== RuleOutcome.ALREADY_WON);
  const described = missed.map((step) => ({ step, ...describeStep(step, ctx) }));
  const first = described[0];
  const cause: Cause = !first
    ? Cause.ATTRIBUTE_ABSENT
    : first.step.outcome === RuleOutcome.TOKEN_NOT_CUSTOMISED && ctx.v1
      ? Cause.V1
      : (first.cause ?? CAUSE_OF[first.step.outcome] ?? Cause.ATTRIBUTE_ABSENT);
  const denies = denied === explained.claim;
  const source = described.find((entry) => entry.source)?.source;
  return {
    ...base,
    present: false,
    cause,
    denies,
    ...(source ? { source } : {}),
    reasons: described.map((entry) => entry.reason),
    fixes: [...new Set(described.flatMap((entry) => (entry.fix ? [entry.fix] : [])))],
  };
}

/** The claims of one token in the core's answer. */
const tokenValues = (response: V1Response | V2Response, token: TokenKind) => {
  if ('claimsOverrideDetails' in response) {
    return token === 'id' ? response.claimsOverrideDetails.claimsToAddOrOverride : {};
  }
  const details = response.claimsAndScopeOverrideDetails;
  return token === 'id'
    ? (details.idTokenGeneration?.claimsToAddOrOverride ?? {})
    : details.accessTokenGeneration.claimsToAddOrOverride;
};

/** The records that concern a claim: naming it, or the attribute one of its rules reads. */
function recordsOf(claim: string, config: ClaimsConfig, records: readonly FailureEntry[]) {
  const names = new Set<string>([claim]);
  const sources = new Set<string>();
  for (const rule of config.claims) {
    if (rule.claim !== claim) continue;
    // A table read's record names its source, not a claim: it belongs to every claim read from it.
    if (rule.source !== undefined) sources.add(rule.source);
    else if (rule.from) {
      names.add(rule.from);
      names.add(rule.from.replace(/^custom:/, ''));
    }
  }
  return records.filter(
    (entry) =>
      (entry.claim !== undefined && names.has(entry.claim)) ||
      (entry.claim === undefined &&
        ((entry.attribute !== undefined && names.has(entry.attribute)) ||
          (entry.source !== undefined && sources.has(entry.source)))),
  );
}

const RECORD_FIXES: Readonly<Record<string, (entry: FailureEntry) => string>> = {
  IDP_ATTRIBUTE_MISSING: (entry) =>
    `the identity provider ${entry.providerName ?? ''} did not send ${entry.attribute ?? 'the attribute'}: fix the provider's attribute mapping in the pool or the IdP's claim release`.replace(
      '  ',
      ' ',
    ),
  SOURCE_TIMEOUT: () =>
    "the table read timed out: check the table's latency and the source's timeoutMs",
  SOURCE_UNAVAILABLE: () =>
    "the table could not be read: check the function's dynamodb:GetItem permission and the table",
  SOURCE_ITEM_MISSING: () => 'the table has no item for this user: write it',
};

/** The sign-ins explain runs the core for: each app client, each trigger source that matters. */
export function signInCases(input: ExplainInput): SignInCase[] {
  const version = versionOf(input.trigger);
  return input.clients.flatMap((client) =>
    triggerSourcesFor(input.config).map((triggerSource) => ({
      clientId: client.id,
      triggerSource,
      request: {
        version,
        triggerSource,
        userPoolId: input.userPoolId,
        userName: input.username,
        clientId: client.id,
        userAttributes: input.attributes,
        groupConfiguration: {
          groupsToOverride: [...input.groups],
          iamRolesToOverride: [],
          preferredRole: null,
        },
      },
    })),
  );
}

export function explainUser(input: ExplainInput): ExplainReport {
  const compiled = compileConfig(input.config, RULE_FEATURES);
  const triggerSources = triggerSourcesFor(input.config);
  const v1 = versionOf(input.trigger) === '1';
  const merged = new Map<string, { answer: Partial1; clients: string[]; sources: string[] }>();
  const order: string[] = [];
  for (const { clientId, triggerSource, request } of signInCases(input)) {
    const sources = input.sourceReads?.get(signInKey(clientId, triggerSource));
    const ctx: Context = { input, compiled, clientId, request, sources, v1 };
    const sourced = sources ? sourcedValues(compiled, request, sources.results) : undefined;
    const explanation = explainSignIn(compiled, request, sourced);
    const result = buildResponse(compiled, request, sourced);
    for (const explained of explanation.claims) {
      if (input.claim !== undefined && explained.claim !== input.claim) continue;
      const answer = answerFor(
        explained,
        tokenValues(result.response, explained.token),
        result.deniedClaim,
        ctx,
      );
      // The same answer for several clients and sign-ins is said once.
      const key = JSON.stringify(answer);
      const entry = merged.get(key);
      if (entry) {
        if (!entry.clients.includes(clientId)) entry.clients.push(clientId);
        if (!entry.sources.includes(triggerSource)) entry.sources.push(triggerSource);
      } else {
        merged.set(key, { answer, clients: [clientId], sources: [triggerSource] });
        order.push(key);
      }
    }
  }
  const records = input.records ?? [];
  const claimNames = [...new Set(input.config.claims.map((rule) => rule.claim))].filter(
    (claim) => input.claim === undefined || claim === input.claim,
  );
  const used = new Set<FailureEntry>();
  const claims = claimNames.map((claim) => {
    const own = recordsOf(claim, input.config, records);
    for (const entry of own) used.add(entry);
    const recordFixes = [
      ...new Set(
        own.flatMap((entry) =>
          RECORD_FIXES[entry.code] ? [RECORD_FIXES[entry.code]?.(entry) ?? ''] : [],
        ),
      ),
    ];
    const answers = order.flatMap((key) => {
      const entry = merged.get(key);
      if (!entry || entry.answer.claim !== claim) return [];
      const { answer } = entry;
      return [
        {
          ...answer,
          clients: entry.clients,
          triggerSources:
            entry.sources.length === triggerSources.length ? ['every'] : entry.sources,
          fixes: answer.present ? answer.fixes : [...recordFixes, ...answer.fixes],
        },
      ];
    });
    return { claim, answers, records: timeline(own) };
  });
  const otherRecords =
    input.claim === undefined ? timeline(records.filter((entry) => !used.has(entry))) : [];
  return { claims, otherRecords, triggerSources };
}
