/**
 * What `doctor` reads, what it reports, and the one signature every check shares; the pool views
 * are in cli/common/pool-views.ts.
 */
import type { ClaimsConfig } from '../../shared/core/claims/types';
import type { Emulator } from '../common/emulator';
import type { Gap } from '../common/pool-snapshot';
import type { AppClientView, IdentityProviderView, UserPoolView } from '../common/pool-views';

export type { Gap };

export interface DoctorInput {
  readonly config: ClaimsConfig;
  readonly pool: UserPoolView;
  readonly clients: readonly AppClientView[];
  /** Undefined when they could not be listed (see `gaps`). */
  readonly providers?: readonly IdentityProviderView[];
  readonly gaps: readonly Gap[];
  readonly region?: string;
  /** A local emulator serves the pool (it wires triggers its own way). */
  readonly emulator?: Emulator;
  /** The stage to name in fix commands when the wired functions do not tell (--stage). */
  readonly stage?: string;
  /** --endpoint, when the pool was read from one. */
  readonly endpoint?: string;
  /** Each configured source's table as DescribeTable gave it; undefined without `sources`. */
  readonly tables?: readonly SourceTableView[];
}

/** One key attribute of a table: its name, HASH or RANGE, and its type (S, N, B) when defined. */
export interface TableKeyAttribute {
  readonly name: string;
  readonly keyType: string;
  readonly type?: string;
}

/** What DescribeTable said about the table of one configured source. */
export interface SourceTableView {
  readonly source: string;
  readonly table: string;
  readonly region: string;
  /** Where it was read when not AWS itself (AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL). */
  readonly endpoint?: string;
  readonly state:
    | { readonly kind: 'found'; readonly key: readonly TableKeyAttribute[] }
    | { readonly kind: 'missing' }
    /** The operator's credentials may not call DescribeTable on it. */
    | { readonly kind: 'denied'; readonly errorName: string }
    | { readonly kind: 'failed'; readonly errorName: string; readonly message: string };
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
  /** Stable identifier, e.g. `ACCESS_CLAIM_USER_WRITABLE`; docs/operator-tools.md lists them. */
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
  /** The `sources` entry a finding is about. */
  readonly source?: string;
}

/** The Pre Token Generation event version wired on the pool; `unknown` is a value we do not know. */
export type TriggerVersion = 'none' | 'V1_0' | 'V2_0' | 'V3_0' | 'unknown';

/** The pool a fix command targets; an empty region leaves `--region` out. */
export interface PoolTarget {
  readonly poolId: string;
  readonly region: string;
  /** The emulator or endpoint doctor read the pool from: fix commands must go there too. */
  readonly endpoint?: string;
}

/** What every check reads: the doctor's input, with pool ID, region and trigger version settled. */
export interface CheckContext extends PoolTarget {
  readonly config: ClaimsConfig;
  readonly pool: UserPoolView;
  readonly clients: readonly AppClientView[];
  /** Undefined when they could not be listed (see `gaps`). */
  readonly providers?: readonly IdentityProviderView[];
  readonly gaps: readonly Gap[];
  readonly version: TriggerVersion;
  readonly emulator?: Emulator;
  readonly stage?: string;
  /** Undefined when the config has no `sources`. */
  readonly tables?: readonly SourceTableView[];
}

/**
 * One check: the context in, its findings out, in the order it finds them. Pure: no AWS calls, no
 * I/O. The runner drops repeats and sorts by severity.
 */
export type Check = (ctx: CheckContext) => Finding[];
