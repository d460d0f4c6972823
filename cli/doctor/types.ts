/**
 * What `doctor` reads and what it reports; the pool views are in cli/common/pool-views.ts.
 */
import type { ClaimsConfig } from '../../shared/core/claims/types';
import type { AppClientView, IdentityProviderView, UserPoolView } from '../common/pool-views';

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
