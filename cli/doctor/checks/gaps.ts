/** Name each part of the pool that could not be read, so a clean report is not taken as a pass. */
import { listProvidersCli } from '../fixes';
import { type CheckContext, type Finding, Severity } from '../types';

export function checkGaps(ctx: CheckContext): Finding[] {
  return ctx.gaps.map(
    (gap): Finding => ({
      code: 'NOT_CHECKED',
      severity: gap.unsupported ? Severity.INFO : Severity.WARNING,
      title: `${gap.what} could not be read, so the checks that need them did not run`,
      why: gap.unsupported
        ? `The endpoint does not implement this call (${gap.reason}); emulators lack it. Run doctor against the real pool for these checks (IdP mappings, username source, mapped attribute length and mutability).`
        : `The call failed: ${gap.reason}.`,
      fix: {
        console:
          'Run doctor with credentials allowed cognito-idp:ListIdentityProviders and cognito-idp:DescribeIdentityProvider',
        cli: listProvidersCli(ctx),
      },
    }),
  );
}
