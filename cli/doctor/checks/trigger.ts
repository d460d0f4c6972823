/**
 * Is the Pre Token Generation trigger wired, through which field, and with an event version that
 * can make the tokens the config asks for?
 */
import { clientLabel, issuesClientCredentials } from '../../common/pool-attributes';
import { accessCustomised, anythingToDo } from '../claim-rules';
import { attachCli, consoleTrigger } from '../fixes';
import { wantedVersion } from '../pre-token-trigger';
import { type CheckContext, type Finding, Severity } from '../types';
import { wiredByEmulator } from './emulator-triggers';

export function checkTrigger(ctx: CheckContext): Finding[] {
  const { config, pool } = ctx;
  const findings: Finding[] = [];
  if (!anythingToDo(config) || wiredByEmulator(ctx)) return findings;
  const wantVersion = wantedVersion(ctx);
  const updateCli = attachCli(ctx, wantVersion);
  const trigger = consoleTrigger(ctx);
  if (ctx.version === 'none') {
    findings.push({
      code: 'TRIGGER_NOT_WIRED',
      severity: Severity.CRITICAL,
      title: 'No Pre Token Generation trigger is configured on the pool',
      why: `The claims config defines ${config.claims.length} claim(s), but Cognito never calls the trigger, so no token gets any of them and nothing is suppressed.`,
      fix: {
        console: `${trigger} → Add Lambda trigger → Authentication → Pre token generation trigger, event version ${wantVersion}, choose the deployed function`,
        cli: updateCli,
        config: 'Or deploy with serverless.yml, which wires the trigger with LambdaVersion V2_0',
      },
    });
    return findings;
  }
  const legacy = pool.LambdaConfig?.PreTokenGeneration;
  const modern = pool.LambdaConfig?.PreTokenGenerationConfig?.LambdaArn;
  if (legacy && !modern) {
    findings.push({
      code: 'TRIGGER_LEGACY_FIELD',
      severity: Severity.WARNING,
      title: 'The trigger is wired through the legacy LambdaConfig.PreTokenGeneration field',
      why: 'The legacy field always sends the V1_0 event: only the ID token can be changed. Older templates and IaC tools still write this field, so a pool meant for V2_0 silently stays on V1.',
      fix: {
        console: `${trigger} → Edit → set the trigger event version to ${wantVersion}`,
        cli: updateCli,
      },
    });
  }
  if (legacy && modern && legacy !== modern) {
    findings.push({
      code: 'TRIGGER_ARN_MISMATCH',
      severity: Severity.WARNING,
      title: 'PreTokenGeneration and PreTokenGenerationConfig.LambdaArn name different functions',
      why: 'Cognito requires both fields to hold the same ARN when both are set; updates to the pool are refused or the wrong function runs.',
      fix: { console: `${trigger} → Edit → choose one function`, cli: updateCli },
    });
  }
  if (ctx.version === 'V1_0' && accessCustomised(config)) {
    const claims = config.claims
      .filter((rule) => rule.tokens.includes('access'))
      .map((r) => r.claim);
    findings.push({
      code: 'TRIGGER_V1_ACCESS_CLAIMS',
      severity: Severity.WARNING,
      title: `The trigger runs with event version V1_0, but the config customises the access token${claims.length ? ` (${claims.join(', ')})` : ''}`,
      why: 'V1_0 changes the ID token only: the access token never gets these claims or scope changes, so an API authorizer that reads the access token never sees them.',
      fix: {
        console: `${trigger} → Edit → trigger event version ${wantVersion} (needs the Essentials or Plus feature plan)`,
        cli: updateCli,
      },
    });
  }
  if (ctx.version === 'unknown') {
    findings.push({
      code: 'TRIGGER_VERSION_UNKNOWN',
      severity: Severity.WARNING,
      title: `The trigger's LambdaVersion is "${pool.LambdaConfig?.PreTokenGenerationConfig?.LambdaVersion ?? ''}", not V1_0, V2_0 or V3_0`,
      why: 'The checks cannot tell which tokens the trigger may change.',
      fix: { console: `${trigger} → Edit`, cli: updateCli },
    });
  }
  if (ctx.version === 'V2_0' && wantVersion === 'V3_0') {
    const m2m = ctx.clients.filter(issuesClientCredentials).map(clientLabel);
    findings.push({
      code: 'TRIGGER_M2M_NEEDS_V3',
      severity: Severity.INFO,
      title: `App client(s) ${m2m.join(', ')} issue client-credentials tokens, which V2_0 does not customise`,
      why: 'Only event version V3_0 runs the trigger for machine-to-machine access tokens; with V2_0 those tokens carry none of the configured access-token claims.',
      fix: { console: `${trigger} → Edit → trigger event version V3_0`, cli: updateCli },
    });
  }
  return findings;
}
