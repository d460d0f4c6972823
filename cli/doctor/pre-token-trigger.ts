/**
 * The pool's Pre Token Generation trigger as wired (event version, function, stage) and the
 * version the config needs.
 */
import { issuesClientCredentials } from '../common/pool-attributes';
import type { UserPoolView } from '../common/pool-views';
import { accessCustomised } from './claim-rules';
import type { CheckContext, TriggerVersion } from './types';

/** The legacy PreTokenGeneration field always sends the V1_0 event. */
export function triggerVersion(pool: UserPoolView): TriggerVersion {
  const lambda = pool.LambdaConfig;
  const configured = lambda?.PreTokenGenerationConfig;
  if (configured?.LambdaArn) {
    const version = configured.LambdaVersion;
    return version === 'V1_0' || version === 'V2_0' || version === 'V3_0' ? version : 'unknown';
  }
  return lambda?.PreTokenGeneration ? 'V1_0' : 'none';
}

export function triggerArn(pool: UserPoolView): string | undefined {
  return (
    pool.LambdaConfig?.PreTokenGenerationConfig?.LambdaArn ?? pool.LambdaConfig?.PreTokenGeneration
  );
}

/** The stage of a function deployed from serverless.yml (cognito-claims-<stage>-preTokenGeneration). */
export function deployedStage(pool: UserPoolView): string | undefined {
  return /:function:cognito-claims-([A-Za-z][A-Za-z0-9-]*)-preTokenGeneration$/.exec(
    triggerArn(pool) ?? '',
  )?.[1];
}

/** Only V3_0 customises client-credentials access tokens. */
export function wantedVersion(ctx: CheckContext): 'V2_0' | 'V3_0' {
  return ctx.clients.some(issuesClientCredentials) && accessCustomised(ctx.config)
    ? 'V3_0'
    : 'V2_0';
}

/** Attaching the guard keeps the trigger's version unless that version cannot serve the config. */
export function keptVersion(ctx: CheckContext): string {
  if (ctx.version === 'V2_0' || ctx.version === 'V3_0') return ctx.version;
  if (ctx.version === 'V1_0' && !accessCustomised(ctx.config)) return 'V1_0';
  return wantedVersion(ctx);
}
