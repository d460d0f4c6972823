/**
 * The recorded healthy pool the doctor tests start from (tests/fixtures/doctor): its IDs, a reader
 * for the recorded Cognito API responses, and the wiring that serves them to the real command
 * through aws-sdk-client-mock. A test edits the `RecordedPool` it gets before serving it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CognitoIdentityProviderClient,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListIdentityProvidersCommand,
  ListUserPoolClientsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AwsClientStub } from 'aws-sdk-client-mock';

export const DOCTOR_FIXTURES = join(__dirname, '..', 'fixtures', 'doctor');
export const POOL_ID = 'eu-west-1_Heal7hy01';
export const WEB = '4kq9u2r0s8example1web0abcd';
export const M2M = '7m2n5p8r1texample2m2m0efgh';
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

// biome-ignore lint/suspicious/noExplicitAny: recorded API responses are edited freely per case
export type Json = any;

/** A fresh copy of tests/fixtures/doctor/<name>.json, free to edit. */
export function doctorFixture(name: string): Json {
  return JSON.parse(readFileSync(join(DOCTOR_FIXTURES, `${name}.json`), 'utf8'));
}

/** What doctor reads from Cognito, by call, and the config it checks. */
export interface RecordedPool {
  pool: Json;
  list: Json;
  clients: Record<string, Json>;
  providers: Json;
  providerDetails: Record<string, Json>;
  config: Json;
}

/** The healthy recording, with the doctor fixture's config unless given another. */
export function recordedPool(config: Json = doctorFixture('claims.config')): RecordedPool {
  return {
    pool: doctorFixture('healthy/describe-user-pool'),
    list: doctorFixture('healthy/list-user-pool-clients'),
    clients: {
      [WEB]: doctorFixture('healthy/describe-user-pool-client-web'),
      [M2M]: doctorFixture('healthy/describe-user-pool-client-m2m'),
    },
    providers: doctorFixture('healthy/list-identity-providers'),
    providerDetails: { Google: doctorFixture('healthy/describe-identity-provider-google') },
    config,
  };
}

/** The recorded web client's settings, to edit per case. */
export function web(r: RecordedPool): Json {
  return r.clients[WEB].UserPoolClient;
}

/**
 * Resets the mocked client and answers each call doctor makes from `r`. A test that wants one
 * call to fail overrides it after this (`cognito.on(ListIdentityProvidersCommand).rejects(…)`).
 */
export function serveRecordedPool(
  cognito: AwsClientStub<CognitoIdentityProviderClient>,
  r: RecordedPool,
): void {
  cognito.reset();
  cognito.on(DescribeUserPoolCommand).resolves(r.pool);
  cognito.on(ListUserPoolClientsCommand).resolves(r.list);
  cognito
    .on(DescribeUserPoolClientCommand)
    .callsFake((input: { ClientId: string }) => r.clients[input.ClientId]);
  cognito.on(ListIdentityProvidersCommand).resolves(r.providers);
  cognito
    .on(DescribeIdentityProviderCommand)
    .callsFake((input: { ProviderName: string }) => r.providerDetails[input.ProviderName]);
}
