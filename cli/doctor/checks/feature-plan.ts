/** Access-token customisation needs the Essentials or Plus feature plan. */
import { accessCustomised } from '../claim-rules';
import { consolePool, describePlanCli, planCli } from '../fixes';
import { type CheckContext, type Finding, Severity } from '../types';

export function checkFeaturePlan(ctx: CheckContext): Finding[] {
  if (!accessCustomised(ctx.config)) return [];
  const tier = ctx.pool.UserPoolTier;
  if (tier === undefined) {
    return [
      {
        code: 'PLAN_NOT_REPORTED',
        severity: Severity.INFO,
        title: "The endpoint did not report the pool's feature plan (UserPoolTier)",
        why: 'Access-token customisation needs the Essentials or Plus plan; this could not be confirmed.',
        fix: {
          console: `${consolePool(ctx)} → Settings → Feature plan`,
          cli: describePlanCli(ctx),
        },
      },
    ];
  }
  if (tier !== 'LITE') return [];
  return [
    {
      code: 'LITE_PLAN_ACCESS_CLAIMS',
      severity: Severity.WARNING,
      title: 'The pool is on the Lite feature plan, but the config customises the access token',
      why: 'Lite offers event version V1_0 only (except pools that had advanced security on before 22 Nov 2024): access-token claims and scopes are never applied.',
      fix: {
        console: `${consolePool(ctx)} → Settings → Feature plan → switch to Essentials`,
        cli: planCli(ctx, 'ESSENTIALS'),
      },
    },
  ];
}
