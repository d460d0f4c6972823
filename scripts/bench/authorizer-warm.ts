/**
 * The authorizer warm: an access token carrying the claims the trigger just produced, signed by a
 * key whose JWKS a loopback server holds (fetched once, then cached, as in Lambda), verified and
 * read per request. It counts only if the authorizer allows the token.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSigningKey, serveJwks, signJwt } from '../local/signing';
import type { BenchBundles } from './bench-bundles';
import { readJson } from './read-json';
import { ROOT } from './settings';
import { type WarmLoop, warmLoop } from './warm-loops';

export async function measureAuthorizerWarm(
  bundles: BenchBundles,
  work: string,
  now: number,
  claims: Record<string, unknown> | undefined,
  samples: number,
  rounds: number,
): Promise<WarmLoop> {
  const key = createSigningKey('bench-key');
  const jwks = await serveJwks([key]);
  try {
    const issuer = `${jwks.baseUrl}/eu-west-1_BENCH`;
    const accessToken = signJwt(key, {
      sub: 'c3d4e5f6-7890-12cd-ef01-EXAMPLE33333',
      'cognito:groups': ['finance', 'reporting'],
      iss: issuer,
      client_id: '1example23456789',
      origin_jti: 'bench-origin-jti',
      event_id: 'bench-event-id',
      token_use: 'access',
      scope: 'openid email profile api/read',
      auth_time: now,
      exp: now + 3600,
      iat: now,
      jti: 'bench-jti',
      username: 'slee',
      ...claims,
    });
    const apiEvent = readJson<{ headers: Record<string, string>; identitySource: string[] }>(
      join(ROOT, 'tests', 'events', 'authorizer', 'http-api-v2.json'),
    );
    apiEvent.headers.authorization = `Bearer ${accessToken}`;
    apiEvent.identitySource = [`Bearer ${accessToken}`];
    const eventFile = join(work, 'authorizer.json');
    writeFileSync(eventFile, JSON.stringify(apiEvent));
    const loop = await warmLoop(
      {
        subject: bundles.authorizer,
        floor: bundles.floor,
        event: eventFile,
        samples,
        env: {
          JWT_ISSUER_URL: issuer,
          JWT_JWKS_URI: `${issuer}/.well-known/jwks.json`,
          JWT_AUDIENCE: '1example23456789',
          AUTHORIZER_RESPONSE_MODE: 'policy',
        },
      },
      rounds,
    );
    const effect = (loop.answer as { policyDocument?: { Statement?: Array<{ Effect?: string }> } })
      .policyDocument?.Statement?.[0]?.Effect;
    if (effect !== 'Allow') {
      throw new Error(`the authorizer did not allow the benchmark's token (${String(effect)})`);
    }
    return loop;
  } finally {
    await jwks.close();
  }
}
