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
  /** The run's config as the commands take it (--config). */
  readonly config?: string;
  /** dynalite, when the config has sources: doctor checks the tables, preview reads them. */
  readonly dynamodb?: string;
}

/** The operator tools' commands for the demo pool, ready to paste while the run is up. */
export function operatorCommands({
  cognitoEndpoint,
  poolId,
  clientId,
  username,
  config,
  dynamodb,
}: Pick<
  TryIt,
  'cognitoEndpoint' | 'poolId' | 'clientId' | 'username' | 'config' | 'dynamodb'
>): string[] {
  const flags = [
    ...demoPoolFlags(poolId, cognitoEndpoint),
    ...(config ? ['--config', config] : []),
  ].join(' ');
  // The tables' endpoint as the SDKs take it; the reader signs with any credentials on loopback.
  const tables = dynamodb ? `AWS_ENDPOINT_URL_DYNAMODB=${dynamodb} ` : '';
  const reader = dynamodb ? `${tables}AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local ` : '';
  return [
    `${tables}npm run -s doctor -- ${flags}`,
    `${reader}npm run -s preview -- ${flags} --username ${username} --client-id ${clientId}${dynamodb ? ' --read-sources' : ''}`,
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
  if (tryIt.dynamodb) {
    out(`  DynamoDB endpoint (dynalite) for the AWS SDK/CLI: ${tryIt.dynamodb}`);
  }
  out('The operator tools on the demo pool (see docs/cli.md):');
  for (const command of operatorCommands(tryIt)) out(`  ${command}`);
  out(
    `  Logs: ${[
      'serverless-offline.log',
      'cognito-local.log',
      ...(tryIt.dynamodb ? ['dynalite.log'] : []),
    ]
      .map((file) => join(where, file))
      .join(', ')}`,
  );
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
