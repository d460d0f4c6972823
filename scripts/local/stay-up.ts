/**
 * Without --once the run stays up for the user to try: how to call the API, where the logs are,
 * then a wait that ends only when a service dies (a signal or the parent's exit ends the process).
 */
import { join } from 'node:path';
import { out } from './output';
import { demoPoolFlags } from './pool-checks';
import type { ServiceGroup } from './processes';

export interface TryIt {
  /** The state folder as shown. */
  readonly where: string;
  readonly tokenUse: string;
  readonly api: string;
  readonly cognitoEndpoint: string;
  readonly poolId: string;
  readonly clientId: string;
  /** The demo user's name in the pool, as AdminGetUser takes it. */
  readonly username: string;
}

/** The operator tools' commands for the demo pool, ready to paste while the run is up. */
export function operatorCommands({
  cognitoEndpoint,
  poolId,
  clientId,
  username,
}: Pick<TryIt, 'cognitoEndpoint' | 'poolId' | 'clientId' | 'username'>): string[] {
  const flags = demoPoolFlags(poolId, cognitoEndpoint).join(' ');
  return [
    `npm run -s doctor -- ${flags}`,
    `npm run -s preview -- ${flags} --username ${username} --client-id ${clientId}`,
    `npm run -s validate -- ${flags}`,
  ];
}

export function printTryIt(tryIt: TryIt): void {
  const { where, tokenUse, api, cognitoEndpoint, poolId } = tryIt;
  const tokenFile = join(where, `${tokenUse}-token`);
  out();
  out('Still running. Try it (tokens are in the state folder):');
  out(`  curl -s -H "Authorization: Bearer $(cat ${tokenFile})" ${api}/me`);
  out(`  curl -s -o /dev/null -w "%{http_code}\\n" -H "Authorization: Bearer x.y.z" ${api}/me`);
  // The scope-by-group route takes access tokens: the admin's has items/write, the reader's not.
  for (const [who, file] of [
    ['admin', 'access-token'],
    ['reader', 'reader-access-token'],
  ] as const) {
    out(
      `  curl -s -X POST -o /dev/null -w "%{http_code}\\n" -H "Authorization: Bearer $(cat ${join(where, file)})" ${api}/items   # the ${who}`,
    );
  }
  out(`  Cognito endpoint for the AWS SDK/CLI: ${cognitoEndpoint} (pool ${poolId})`);
  out('The operator tools on the demo pool (see docs/cli.md):');
  for (const command of operatorCommands(tryIt)) out(`  ${command}`);
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
