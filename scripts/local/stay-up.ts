/**
 * Without --once the run stays up for the user to try: how to call the API, where the logs are,
 * then a wait that ends only when a service dies (a signal or the parent's exit ends the process).
 */
import { join } from 'node:path';
import { out } from './output';
import type { ServiceGroup } from './processes';

export interface TryIt {
  /** The state folder as shown. */
  readonly where: string;
  readonly tokenUse: string;
  readonly api: string;
  readonly cognitoEndpoint: string;
  readonly poolId: string;
}

export function printTryIt({ where, tokenUse, api, cognitoEndpoint, poolId }: TryIt): void {
  const tokenFile = join(where, `${tokenUse}-token`);
  out();
  out('Still running. Try it (tokens are in the state folder):');
  out(`  curl -s -H "Authorization: Bearer $(cat ${tokenFile})" ${api}/me`);
  out(`  curl -s -o /dev/null -w "%{http_code}\\n" -H "Authorization: Bearer x.y.z" ${api}/me`);
  out(`  Cognito endpoint for the AWS SDK/CLI: ${cognitoEndpoint} (pool ${poolId})`);
  out(`  Logs: ${join(where, 'serverless-offline.log')}, ${join(where, 'cognito-local.log')}`);
  out('Press Ctrl-C to stop everything.');
}

/** Resolves once a service has stopped that nobody asked to stop. */
export function untilAServiceDies(services: ServiceGroup): Promise<void> {
  return new Promise<void>((resolveWait) => {
    const timer = setInterval(() => {
      const dead = services.list().find((service) => !service.running());
      if (dead && !services.stopping()) {
        out(`${dead.name} stopped unexpectedly; stopping the rest.`);
        clearInterval(timer);
        resolveWait();
      }
    }, 500);
  });
}
