/** `cognito-claims preview`: the tokens a user would get, before a deploy. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  AdminGetUserCommand,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { compileConfig } from '../../shared/core/claims/compile';
import { RULE_FEATURES } from '../../shared/core/claims/rule-features';
import {
  AWS_HELP,
  AWS_OPTIONS,
  awsOptionsFrom,
  CONFIG_OPTION,
  JSON_OPTION,
  optionLines,
  parseFlags,
} from '../common/args';
import {
  awsCall,
  type CallContext,
  checkPoolId,
  createCognitoClient,
  resolveRegion,
} from '../common/aws';
import { loadCliConfig } from '../common/config';
import { UsageError } from '../common/errors';
import { type CliIo, ExitCode } from '../common/io';
import type { AppClientView } from '../common/pool-views';
import { createProgress } from '../common/progress';
import { operatorReaderEnv, readSourceItems, readSourcesLive } from '../common/source-items';
import { readUserGroups } from '../common/user-groups';
import {
  formatPreviewJson,
  formatPreviewText,
  type PreviewReport,
  previewExitCode,
} from './format';
import { type PreviewRequest, previewTokens } from './preview';
import { parseUserInput, type UserInput } from './user-input';

export const PREVIEW_USAGE = `Usage: cognito-claims preview (--user <file> | --user-pool-id <id> --username <name>) [options]

Runs the real claims core for one user and prints, per token, the claims added, what was
dropped and why, and the estimated token size against API Gateway HTTP API (10,240 B),
ALB (16 KB per header) and cookie (4 KB) limits.
Exit code: 0 fine, 2 sign-in refused or a token over a limit, 1 usage or operational error.

Options:
${optionLines([
  [
    '--user <file>',
    'attributes as JSON: {"name": "value"}, admin-get-user output, or a trigger event',
  ],
  [
    '--user-pool-id <id>',
    'read the user with AdminGetUser (and its groups) instead; with --user, only names the pool in the token\'s "iss"',
  ],
  ['--username <name>', 'the user to read from the pool'],
  'config',
  ['--trigger-source <src>', "default TokenGeneration_HostedAuth (or the event file's)"],
  ['--version <1|2|3>', "event version, default 2 (or the event file's)"],
  [
    '--client-id <id>',
    'app client (claims limited to clients, aud, sizes); with --user-pool-id, its read permissions shape the ID token',
  ],
  ['--groups <a,b>', 'groups the user is in (cognito:groups)'],
  ['--scopes <a,b>', 'scopes requested (default per trigger source)'],
  [
    '--item <file>',
    'the config\'s sources\' items: {"<source>": <DynamoDB JSON item or null>} (one item for one source)',
  ],
  [
    '--read-sources',
    'read the items from the tables instead, with the credentials in the environment (AWS_ACCESS_KEY_ID, ...)',
  ],
  ...AWS_HELP,
  'json',
  'help',
])}
(--region, --profile, --endpoint, --timeout and --max-attempts apply with --user-pool-id.)
`;

const VERSIONS = ['1', '2', '3'] as const;

const readUserFile = (path: string, io: CliIo): UserInput => {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    throw new UsageError(
      `--user ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      {
        cause: error,
      },
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--user ${path}: not valid JSON (${(error as Error).message.split('\n')[0]})`,
      { cause: error },
    );
  }
  return parseUserInput(document, path);
};

const list = (raw: string | undefined) =>
  raw === undefined
    ? undefined
    : raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);

export const runPreview = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values } = parseFlags(args, {
    ...AWS_OPTIONS,
    ...CONFIG_OPTION,
    ...JSON_OPTION,
    user: { type: 'string' },
    'user-pool-id': { type: 'string' },
    username: { type: 'string' },
    'trigger-source': { type: 'string' },
    version: { type: 'string' },
    'client-id': { type: 'string' },
    groups: { type: 'string' },
    scopes: { type: 'string' },
    item: { type: 'string' },
    'read-sources': { type: 'boolean' },
  });
  if (values.help) {
    io.stdout.write(PREVIEW_USAGE);
    return ExitCode.OK;
  }
  const aws = awsOptionsFrom(values);
  const poolId = values['user-pool-id'];
  if (values.user === undefined && poolId === undefined) {
    throw new UsageError('give either --user <file> or --user-pool-id with --username');
  }
  if (values.user === undefined && !values.username) {
    throw new UsageError('--username is required with --user-pool-id');
  }
  const loaded = loadCliConfig(values.config, io);
  let user: UserInput;
  let userSource: string;
  let region: string | undefined = values.region;
  let appClient: AppClientView | undefined;
  if (values.user !== undefined) {
    user = readUserFile(values.user, io);
    userSource = values.user;
    if (poolId !== undefined) checkPoolId(poolId, aws);
  } else {
    const userPoolId = poolId ?? '';
    const username = values.username ?? '';
    checkPoolId(userPoolId, aws);
    const resolved = resolveRegion(aws, io.env, userPoolId);
    region = resolved.region;
    const client = createCognitoClient(aws, io.env, resolved.region);
    const progress = createProgress(io.stderr);
    const context = (operation: string, clientId?: string): CallContext => ({
      operation,
      region: resolved.region,
      regionSource: resolved.source,
      timeoutMs: aws.timeoutMs,
      userPoolId,
      username,
      ...(clientId !== undefined ? { clientId } : {}),
      ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
      ...(aws.profile ? { profile: aws.profile } : {}),
    });
    try {
      progress.update(`Reading user ${username} from ${userPoolId}`);
      const found = await awsCall(context('AdminGetUser'), () =>
        client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username })),
      );
      progress.update("Reading the user's groups");
      const groups = await readUserGroups(
        client,
        // The pool's own name for the user: an email or phone alias is what the operator has.
        { userPoolId, username: found.Username ?? username },
        context('AdminListGroupsForUser'),
      );
      const appClientId = values['client-id'];
      if (appClientId) {
        progress.update(`Reading app client ${appClientId}`);
        const described = await awsCall(context('DescribeUserPoolClient', appClientId), () =>
          client.send(
            new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: appClientId }),
          ),
        );
        if (described.UserPoolClient) {
          const { ClientSecret: _secret, ...rest } = described.UserPoolClient;
          appClient = rest;
        }
      }
      user = {
        attributes: Object.fromEntries(
          (found.UserAttributes ?? []).flatMap((a) =>
            a.Name && a.Value !== undefined ? [[a.Name, a.Value]] : [],
          ),
        ),
        ...(found.Username ? { username: found.Username } : {}),
        ...(groups ? { groups } : {}),
      };
      userSource = `AdminGetUser ${userPoolId}`;
    } finally {
      progress.stop();
      client.destroy();
    }
  }
  const version = values.version ?? user.version ?? '2';
  if (!(VERSIONS as readonly string[]).includes(version)) {
    throw new UsageError(`--version expects 1, 2 or 3, got "${version}"`);
  }
  const clientId = values['client-id'] ?? user.clientId;
  const groups = list(values.groups) ?? user.groups;
  const scopes = list(values.scopes) ?? user.scopes;
  const request: PreviewRequest = {
    config: loaded.config,
    userAttributes: user.attributes,
    triggerSource: values['trigger-source'] ?? user.triggerSource ?? 'TokenGeneration_HostedAuth',
    version: version as PreviewRequest['version'],
    ...(clientId ? { clientId } : {}),
    ...(user.username ? { username: user.username } : {}),
    ...(groups ? { groups } : {}),
    ...(scopes ? { scopes } : {}),
    ...(poolId ? { userPoolId: poolId } : {}),
    ...(region ? { region } : {}),
    ...(appClient ? { client: appClient } : {}),
  };
  if (values.item !== undefined && values['read-sources']) {
    throw new UsageError('give --item or --read-sources, not both');
  }
  let sourceResults =
    values.item !== undefined ? readSourceItems(values.item, io, loaded.config) : undefined;
  if (values['read-sources']) {
    const compiled = compileConfig(loaded.config, RULE_FEATURES);
    // The operator's credentials as the SDK resolves them (--profile, SSO) when none are set.
    const sdk = createCognitoClient(aws, io.env, region ?? io.env.AWS_REGION ?? 'us-east-1');
    const env = await operatorReaderEnv(io.env, region, () => sdk.config.credentials());
    sdk.destroy();
    const read = await readSourcesLive(
      compiled,
      {
        version: request.version,
        triggerSource: request.triggerSource,
        ...(request.clientId ? { clientId: request.clientId } : {}),
        ...(request.username ? { userName: request.username } : {}),
        userAttributes: request.userAttributes,
      },
      env,
    );
    // What went wrong reading a table: names and codes only, never a value.
    for (const failure of read.failures) io.stderr.write(`${failure.code}: ${failure.message}\n`);
    sourceResults = read.results;
  }
  const result = previewTokens(sourceResults ? { ...request, sourceResults } : request);
  const report: PreviewReport = { ...result, configSource: loaded.source, userSource };
  io.stdout.write(values.json ? formatPreviewJson(report) : formatPreviewText(report));
  return previewExitCode(result);
};
