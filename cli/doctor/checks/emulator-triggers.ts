/**
 * cognito-local calls the triggers named in its own `.cognito/config.json` for every pool, and
 * its pools report none: said once as what it is, instead of TRIGGER_NOT_WIRED and
 * IDP_GUARD_NOT_WIRED, which are true of AWS pools only.
 */
import type { UserPoolView } from '../../common/pool-views';
import { anythingToDo, guardsIdpTokens } from '../claim-rules';
import { type CheckContext, type Finding, Severity } from '../types';

function wiresNoTrigger(pool: UserPoolView): boolean {
  const lambda = pool.LambdaConfig;
  return !(
    lambda?.PreTokenGeneration ||
    lambda?.PreTokenGenerationConfig?.LambdaArn ||
    lambda?.PostAuthentication ||
    lambda?.PostConfirmation ||
    lambda?.InboundFederation?.LambdaArn
  );
}

/** True when an emulator, not the pool, decides which triggers run. */
export function wiredByEmulator(ctx: CheckContext): boolean {
  return ctx.emulator !== undefined && wiresNoTrigger(ctx.pool);
}

export function checkEmulatorTriggers(ctx: CheckContext): Finding[] {
  if (!wiredByEmulator(ctx) || !(anythingToDo(ctx.config) || guardsIdpTokens(ctx.config))) {
    return [];
  }
  return [
    {
      code: 'TRIGGERS_WIRED_BY_EMULATOR',
      severity: Severity.INFO,
      title: `${ctx.emulator} wires the triggers for every pool from its own config, so this pool reports none`,
      why: `${ctx.emulator} calls the functions named under TriggerFunctions in its .cognito/config.json for every pool and never reads a pool's LambdaConfig, so doctor cannot see from the pool which triggers run (npm start wires Pre Token Generation there). Against AWS the same pool would get TRIGGER_NOT_WIRED.`,
      fix: {
        console: `Read TriggerFunctions in the .cognito/config.json of the folder ${ctx.emulator} runs in (npm start: .local/start/cognito)`,
        cli: 'cat .local/start/cognito/.cognito/config.json',
      },
    },
  ];
}
