/** Does the pool have every identity provider the config names under $.providers? */
import { consolePool, listProvidersCli } from '../fixes';
import { type CheckContext, type Finding, Severity } from '../types';

export function checkExpectedProviders(ctx: CheckContext): Finding[] {
  // Unknown when the providers could not be listed; checkGaps reports that.
  if (!ctx.providers) return [];
  const names = new Set(ctx.providers.map((p) => p.ProviderName));
  return Object.keys(ctx.config.providers)
    .filter((name) => !names.has(name))
    .map(
      (name): Finding => ({
        code: 'PROVIDER_NOT_IN_POOL',
        severity: Severity.WARNING,
        title: `The config expects identity provider "${name}", which the pool does not have`,
        why: 'Its expectedAttributes are never checked, because no user signs in through it under that name.',
        fix: {
          console: `${consolePool(ctx)} → Social and external providers`,
          cli: listProvidersCli(ctx),
          config: `Or correct the key "${name}" under $.providers`,
        },
        provider: name,
      }),
    );
}
