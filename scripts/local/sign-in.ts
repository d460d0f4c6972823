/**
 * The demo user signs in: cognito-local calls the Pre Token Generation trigger through
 * serverless-offline, and the tokens must carry every claim the config puts in them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodePayload } from './jwt-view';
import type { LocalPool } from './pool-step';
import type { RunLog } from './run-log';
import { claimsFor, type RunSetup } from './run-setup';

export interface Tokens {
  readonly id: string;
  readonly access: string;
}

/** @param where the state folder as shown, to point at the log when a claim is missing */
export async function signIn(
  log: RunLog,
  { client, pool }: LocalPool,
  { config, v2 }: RunSetup,
  state: string,
  where: string,
): Promise<Tokens> {
  const auth = await client.send(
    new InitiateAuthCommand({
      ClientId: pool.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: pool.email, PASSWORD: pool.password },
    }),
  );
  const idToken = auth.AuthenticationResult?.IdToken;
  const accessToken = auth.AuthenticationResult?.AccessToken;
  if (!idToken || !accessToken) throw new Error('InitiateAuth returned no tokens');
  // For the curl lines the run prints; only this user may read them.
  writeFileSync(join(state, 'id-token'), idToken, { mode: 0o600 });
  writeFileSync(join(state, 'access-token'), accessToken, { mode: 0o600 });
  const tokens: Tokens = { id: idToken, access: accessToken };
  const missing = (['id', 'access'] as const).flatMap((kind) => {
    const claims = decodePayload(tokens[kind]);
    const expected = v2 || kind === 'id' ? claimsFor(config, kind) : [];
    return expected.filter((claim) => !(claim in claims)).map((claim) => `${kind}:${claim}`);
  });
  log.report.idToken = { bytes: idToken.length, claims: decodePayload(idToken) };
  log.report.accessToken = { bytes: accessToken.length, claims: decodePayload(accessToken) };
  log.record(
    `signed in (InitiateAuth USER_PASSWORD_AUTH, Pre Token Generation ${log.report.triggerVersion})`,
    missing.length === 0,
    missing.length === 0
      ? `ID token: ${claimsFor(config, 'id').join(', ')}; access token: ${v2 ? claimsFor(config, 'access').join(', ') : 'none (V1)'}`
      : `missing ${missing.join(', ')} (see ${join(where, 'serverless-offline.log')})`,
  );
  return tokens;
}
