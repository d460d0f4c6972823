/** The IdP token guard (functions/post-authentication, inbound-federation) only runs when wired. */
import { guardsIdpTokens } from '../claim-rules';
import { attachCli, consolePool } from '../fixes';
import { keptVersion } from '../pre-token-trigger';
import { type CheckContext, type Finding, Severity } from '../types';
import { wiredByEmulator } from './emulator-triggers';

export function checkIdpGuard(ctx: CheckContext): Finding[] {
  const lambda = ctx.pool.LambdaConfig;
  if (
    !guardsIdpTokens(ctx.config) ||
    wiredByEmulator(ctx) ||
    lambda?.PostAuthentication ||
    lambda?.PostConfirmation ||
    lambda?.InboundFederation
  ) {
    return [];
  }
  return [
    {
      code: 'IDP_GUARD_NOT_WIRED',
      severity: Severity.WARNING,
      title:
        'The config guards IdP tokens (idpTokens / providers), but no Post authentication, Post confirmation or Inbound federation trigger is wired',
      why: 'Nothing checks the stored IdP tokens or the expected IdP attributes: a token creeping towards 2,048 characters or a stale attribute goes unnoticed until sign-in breaks.',
      fix: {
        console: `${consolePool(ctx)} → Extensions → Lambda triggers → Add Lambda trigger → Authentication → Post authentication trigger (and Sign-up → Post confirmation trigger), choose the post-authentication function`,
        cli: attachCli(ctx, keptVersion(ctx)),
        config: 'Or deploy with serverless.yml, which wires both',
      },
    },
  ];
}
