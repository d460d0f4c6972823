/**
 * The Post Authentication trigger warm, checking two IdP tokens of the sizes an OIDC provider
 * issues. Fresh tokens (issued now), so they pass quietly: a loop that logs did not do the work.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { b64u } from '../local/signing';
import type { BenchBundles } from './bench-bundles';
import { readJson } from './read-json';
import { FIXTURES } from './settings';
import { type WarmLoop, warmLoop } from './warm-loops';

/** An IdP token as an OIDC provider would issue it, padded to `length` characters. */
export function idpJwt(iat: number, length: number): string {
  const head = b64u({ alg: 'RS256', typ: 'JWT', kid: 'idp-key' });
  const body = b64u({
    iss: 'https://login.acme.example',
    sub: 'jane',
    aud: 'cognito',
    iat,
    exp: iat + 3600,
  });
  const fill = length - head.length - body.length - 2;
  return `${head}.${body}.${'s'.repeat(Math.max(fill, 43))}`;
}

export async function measurePostAuthenticationWarm(
  bundles: BenchBundles,
  work: string,
  now: number,
  samples: number,
  rounds: number,
): Promise<WarmLoop> {
  const event = readJson<{ request: { userAttributes: Record<string, string> } }>(
    join(FIXTURES, 'post-authentication.json'),
  );
  event.request.userAttributes['custom:id_token'] = idpJwt(now, 1_400);
  event.request.userAttributes['custom:access_token'] = idpJwt(now, 1_200);
  const eventFile = join(work, 'post-authentication.json');
  writeFileSync(eventFile, JSON.stringify(event));
  const loop = await warmLoop(
    { subject: bundles.postAuthentication, floor: bundles.floor, event: eventFile, samples },
    rounds,
  );
  if (loop.logLines > 0) {
    throw new Error(
      `the post authentication loop logged ${loop.logLines} lines: its tokens should pass quietly`,
    );
  }
  return loop;
}
