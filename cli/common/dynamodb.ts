/**
 * The DynamoDB client the operator tools use (doctor's table checks): the same retry, timeouts
 * and credential handling as the other clients (./aws.ts), and the endpoint the trigger's reader
 * connects to, by the AWS SDKs' convention: AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL,
 * else the regional endpoint. `--endpoint` is Cognito's (an emulator), never DynamoDB's.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type AwsOptions, clientSettings } from './aws';

type Env = Readonly<Record<string, string | undefined>>;

/** The endpoint a DynamoDB call goes to when the environment names one; else undefined (AWS). */
export function dynamoDbEndpointOf(env: Env): string | undefined {
  return env.AWS_ENDPOINT_URL_DYNAMODB || env.AWS_ENDPOINT_URL || undefined;
}

export function createDynamoDbClient(
  options: AwsOptions,
  env: Env,
  region: string,
): DynamoDBClient {
  const { endpoint: _cognitoOnly, ...aws } = options;
  const endpoint = dynamoDbEndpointOf(env);
  return new DynamoDBClient(clientSettings(endpoint ? { ...aws, endpoint } : aws, env, region));
}
