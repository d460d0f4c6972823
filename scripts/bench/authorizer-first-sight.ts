/**
 * The authorizer on first sight of a token, what API Gateway's cache cannot answer: a fresh,
 * correctly signed access token on every call of a block (the trigger's claims, a new `jti`), each
 * verified and read in full, against its own floor in the same process: the empty handler's setup
 * plus Node's own `crypto.verify` of the same RS256 token and `JSON.parse` of its parts
 * (bench/authorizer-floor-handler.ts). The JWKS is fetched once, then cached, as in Lambda.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { createSigningKey, serveJwks, signJwt } from '../local/signing';
import { bundle } from './bench-bundles';
import { readJson } from './read-json';
import { ROOT } from './settings';
import { floorRatio, type WarmLoop, warmLoop } from './warm-loops';

/** The full handler within this many times its floor (issue 13). */
export const FIRST_SIGHT_FLOOR_RATIO = 1.5;

export interface FirstSight {
  readonly loop: WarmLoop;
  /** Distinct tokens, taken in turn within each block of calls. */
  readonly tokens: number;
}

export async function measureAuthorizerFirstSight(
  authorizerBundle: string,
  work: string,
  config: ClaimsConfig,
  now: number,
  claims: Record<string, unknown> | undefined,
  samples: number,
  rounds: number,
): Promise<FirstSight> {
  const floor = await bundle(
    join(ROOT, 'bench', 'authorizer-floor-handler.ts'),
    join(work, 'authorizer-floor'),
    config,
  );
  const key = createSigningKey('bench-first-sight');
  const jwks = await serveJwks([key]);
  try {
    const issuer = `${jwks.baseUrl}/eu-west-1_BENCH`;
    const template = readJson<Record<string, unknown>>(
      join(ROOT, 'tests', 'events', 'authorizer', 'http-api-v2.json'),
    );
    const tokens = Math.min(1_000, samples);
    const lines: string[] = [];
    for (let i = 0; i < tokens; i += 1) {
      const token = signJwt(key, {
        sub: 'c3d4e5f6-7890-12cd-ef01-EXAMPLE33333',
        'cognito:groups': ['finance', 'reporting'],
        iss: issuer,
        client_id: '1example23456789',
        origin_jti: `bench-origin-${i}`,
        event_id: `bench-event-${i}`,
        token_use: 'access',
        scope: 'openid email profile api/read',
        auth_time: now,
        exp: now + 3600,
        iat: now,
        jti: `bench-jti-${i}`,
        username: 'slee',
        ...claims,
      });
      const headers = { ...(template.headers as object), authorization: `Bearer ${token}` };
      lines.push(JSON.stringify({ ...template, headers, identitySource: [`Bearer ${token}`] }));
    }
    const eventFile = join(work, 'authorizer-first-sight.jsonl');
    writeFileSync(eventFile, `${lines.join('\n')}\n`);
    const loop = await warmLoop(
      {
        subject: authorizerBundle,
        floor,
        event: eventFile,
        eventLines: true,
        samples,
        env: {
          JWT_ISSUER_URL: issuer,
          JWT_JWKS_URI: `${issuer}/.well-known/jwks.json`,
          JWT_AUDIENCE: '1example23456789',
          AUTHORIZER_RESPONSE_MODE: 'policy',
          BENCH_JWK: JSON.stringify(key.jwk),
        },
      },
      rounds,
    );
    const effect = (loop.answer as { policyDocument?: { Statement?: Array<{ Effect?: string }> } })
      .policyDocument?.Statement?.[0]?.Effect;
    if (effect !== 'Allow') {
      throw new Error(`the authorizer did not allow the benchmark's tokens (${String(effect)})`);
    }
    return { loop, tokens };
  } finally {
    await jwks.close();
  }
}

export function firstSightRatio(firstSight: FirstSight): number {
  return floorRatio(firstSight.loop);
}
