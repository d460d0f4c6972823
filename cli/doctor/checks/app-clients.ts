/** A pool without app clients issues no tokens, so every client check passed vacuously. */
import { consolePool, createClientCli } from '../fixes';
import { type CheckContext, type Finding, Severity } from '../types';

export function checkAppClients(ctx: CheckContext): Finding[] {
  if (ctx.clients.length > 0) return [];
  return [
    {
      code: 'NO_APP_CLIENTS',
      severity: Severity.INFO,
      title: 'The pool has no app clients',
      why: 'No tokens are issued, so client permissions were not checked.',
      fix: {
        console: `${consolePool(ctx)} → App clients → Create app client`,
        cli: createClientCli(ctx),
      },
    },
  ];
}
