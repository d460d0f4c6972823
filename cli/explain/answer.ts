/**
 * `explain` without I/O: for one user, each app client and each trigger source that matters,
 * runs the claims core (explainSignIn, buildResponse) and turns its steps into one answer per
 * claim and token in plain words: present with where the value came from, or absent and why,
 * with the fix and the user's failure records on a timeline.
 */
import { buildResponse, compileConfig } from '../../shared/core/claims/build-response';
import type { ClaimsConfig, V1Response, V2Response } from '../../shared/core/claims/types';
import type { TokenKind } from '../../shared/core/cognito';
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
} as const;
export type Cause = (typeof Cause)[keyof typeof Cause];

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
  readonly clientId: string;
  readonly v1: boolean;
}

const list = (items: readonly string[]) => items.join(', ');

/** One rule's step, in words, and the fix it calls for. */
function describeStep(step: RuleStep, ctx: Context): { reason: string; fix?: string } {
  const { config, username, userPoolId } = ctx.input;
  const rule = ruleAt(config, step.rule);
  const attribute = rule?.from ?? 'the attribute';
  switch (step.outcome) {
    case RuleOutcome.ATTRIBUTE_ABSENT:
      if (rule?.source) {
        return {
          reason: `${step.rule}: not evaluated: it reads source "${rule.source}" (a table), which explain does not read`,
        };
      }
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
    const rule = explained.rule ? ruleAt(config, explained.rule) : undefined;
    const hidden = hiddenClaims(config);
    const fromDefault = winner?.outcome === RuleOutcome.DEFAULT;
    const source = rule?.source ? `source "${rule.source}"` : (winner?.description ?? 'its rule');
    return {
      ...base,
      present: true,
      cause: fromDefault ? Cause.DEFAULT : Cause.PRESENT,
      value: displayValue(explained.claim, values[explained.claim], hidden),
      ...(explained.rule ? { rule: explained.rule } : {}),
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
  const notEvaluated =
    first?.step.outcome === RuleOutcome.ATTRIBUTE_ABSENT && first.fix === undefined;
  const cause: Cause = !first
    ? Cause.ATTRIBUTE_ABSENT
    : first.step.outcome === RuleOutcome.TOKEN_NOT_CUSTOMISED && ctx.v1
      ? Cause.V1
      : notEvaluated
        ? Cause.NOT_EVALUATED
        : (CAUSE_OF[first.step.outcome] ?? Cause.ATTRIBUTE_ABSENT);
  const denies = denied === explained.claim;
  return {
    ...base,
    present: false,
    cause,
    denies,
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
  for (const rule of config.claims) {
    if (rule.claim !== claim || !rule.from) continue;
    names.add(rule.from);
    names.add(rule.from.replace(/^custom:/, ''));
  }
  return records.filter(
    (entry) =>
      (entry.claim !== undefined && names.has(entry.claim)) ||
      (entry.claim === undefined && entry.attribute !== undefined && names.has(entry.attribute)),
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

export function explainUser(input: ExplainInput): ExplainReport {
  const compiled = compileConfig(input.config);
  const triggerSources = triggerSourcesFor(input.config);
  const version = versionOf(input.trigger);
  const v1 = version === '1';
  const merged = new Map<string, { answer: Partial1; clients: string[]; sources: string[] }>();
  const order: string[] = [];
  for (const client of input.clients) {
    const ctx: Context = { input, clientId: client.id, v1 };
    for (const triggerSource of triggerSources) {
      const request = {
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
      };
      const explanation = explainSignIn(compiled, request);
      const result = buildResponse(compiled, request);
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
          if (!entry.clients.includes(client.id)) entry.clients.push(client.id);
          if (!entry.sources.includes(triggerSource)) entry.sources.push(triggerSource);
        } else {
          merged.set(key, { answer, clients: [client.id], sources: [triggerSource] });
          order.push(key);
        }
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
