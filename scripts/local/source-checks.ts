/**
 * The sourced demo's proof: the claims the config reads from a table (`source`) are in the
 * access tokens with the values of each user's item in dynalite (scripts/local/dynalite.ts),
 * the admin's and the reader's, so they came from the table and not from the user's profile.
 */
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { DEMO_ITEMS, type TableUser } from './dynalite';
import { decodePayload } from './jwt-view';
import type { LocalPool } from './pool-step';
import type { RunLog } from './run-log';
import type { SignedIn } from './sign-in';

/** The demo users with every attribute the pool holds for them (`sub` included). */
export async function tableUsers({ client, pool, users }: LocalPool): Promise<TableUser[]> {
  const read = async (label: string, email: string): Promise<TableUser> => {
    const user = await client.send(
      new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: email }),
    );
    const attributes = Object.fromEntries(
      (user.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']),
    );
    return { label, username: user.Username ?? email, attributes };
  };
  return [await read('admin', users.admin.email), await read('reader', users.reader.email)];
}

const at = (value: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
    value,
  );

/** The access-token claims the config reads from a source, and the value each user's item gives. */
export function expectedSourcedClaims(
  config: ClaimsConfig,
  label: string,
): Record<string, unknown> {
  const item = DEMO_ITEMS[label] ?? {};
  const expected: Record<string, unknown> = {};
  for (const rule of config.claims) {
    if (rule.source === undefined || rule.from === undefined) continue;
    if (!rule.tokens.includes('access') || rule.when !== undefined) continue;
    expected[rule.claim] = at(item, rule.from.split('.'));
  }
  return expected;
}

export function checkSourcedClaims(log: RunLog, config: ClaimsConfig, tokens: SignedIn): void {
  const results = (
    [
      ['admin', tokens.access],
      ['reader', tokens.reader.access],
    ] as const
  ).map(([label, token]) => {
    const claims = decodePayload(token);
    const expected = expectedSourcedClaims(config, label);
    const wrong = Object.entries(expected).filter(
      ([claim, value]) => JSON.stringify(claims[claim]) !== JSON.stringify(value),
    );
    return { label, claims, expected, wrong };
  });
  const shown = (claims: Record<string, unknown>, names: readonly string[]) =>
    names.map((name) => `${name}=${JSON.stringify(claims[name])}`).join(', ');
  log.report.sourcedClaims = Object.fromEntries(
    results.map(({ label, claims, expected }) => [
      label,
      Object.fromEntries(Object.keys(expected).map((name) => [name, claims[name]])),
    ]),
  );
  const wrong = results.flatMap(({ label, wrong: w }) => w.map(([claim]) => `${label}:${claim}`));
  log.record(
    'the access tokens carry the claims from the table',
    wrong.length === 0 && results.every(({ expected }) => Object.keys(expected).length > 0),
    wrong.length === 0
      ? results
          .map(({ label, claims, expected }) => `${label} ${shown(claims, Object.keys(expected))}`)
          .join('; ')
      : `not the item's value: ${wrong.join(', ')} (see serverless-offline.log for SOURCE_ records)`,
  );
}
