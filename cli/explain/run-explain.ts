/**
 * `cognito-claims explain`: from a username to why each claim is present or missing. Reads the
 * user, their groups, the pool's trigger wiring and app clients, runs the claims core for each
 * client and sign-in (./answer) and puts the user's failure records from CloudWatch beside it.
 */
import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  paginateListUserPoolClients,
} from '@aws-sdk/client-cognito-identity-provider';
import { compileConfig } from '../../shared/core/claims/build-response';
import { RULE_FEATURES } from '../../shared/core/claims/rule-features';
import { configVersion } from '../../shared/core/config/config-version';
import {
  AWS_HELP,
  AWS_OPTIONS,
  awsOptionsFrom,
  CONFIG_OPTION,
  JSON_OPTION,
  optionLines,
  parseFlags,
  requireFlag,
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
import type { FailureEntry } from '../common/failure-records';
import { type CliIo, ExitCode } from '../common/io';
import { liveFailureOptions, readLiveFailures } from '../common/live-failures';
import type { UserPoolView } from '../common/pool-views';
import { createProgress } from '../common/progress';
import { liveSourceReader, operatorReaderEnv, readSourceItems } from '../common/source-items';
import { readUserGroups } from '../common/user-groups';
import {
  type ExplainInput,
  explainUser,
  type SourceReadView,
  signInCases,
  signInKey,
  type TriggerWiring,
} from './answer';
import { type ExplainHeader, formatExplainJson, formatExplainText } from './format';

export const EXPLAIN_USAGE = `Usage: cognito-claims explain --user-pool-id <id> --username <name> [--claim <name>] [--client-id <id>] [--since 7d] [options]

Tells why each claim is in a user's tokens or not: reads the user (AdminGetUser) and their groups,
the pool's Pre Token Generation wiring (DescribeUserPool) and app clients, runs the claims core
for each app client and sign-in (hosted UI, SDK sign-in, refresh, and any trigger source the config
names), and answers per claim and token: present with the rule its value came from (sensitive
values masked as preview masks them), or absent and why (attribute absent, condition not met,
type mismatch, left out for size, app client not listed, the trigger not wired or on V1) with the
fix. The user's failure records from CloudWatch Logs (the stack's log groups, by the user's sub)
are put on a timeline per claim; when the logs cannot be read it says why and answers without them.
Claims from a table (sources) are shown as not evaluated unless --read-sources reads the items
(the trigger's reader, with your credentials) or --item gives them; then each is present with its
table, item key and attribute, or absent and why (no key, item missing, table not read, ...).
Exit code: 0 answered, 1 usage or operational error.

Options:
${optionLines([
  ['--user-pool-id <id>', 'the pool the user is in'],
  ['--username <name>', 'the user (as AdminGetUser takes it)'],
  ['--claim <name>', 'only this claim'],
  ['--client-id <id>', 'only this app client (default: every client of the pool)'],
  'config',
  'stage',
  ['--stack-name <name>', 'the stack whose log groups are read (default cognito-claims-<stage>)'],
  ['--log-group <name>', "a log group to read instead of the stack's (repeatable)"],
  ['--since <duration>', 'failure records of the last 2h, 7d ... (default 7d)'],
  ['--from <time>', 'failure records from this ISO time (with --to)'],
  ['--to <time>', 'failure records up to this ISO time (default now)'],
  ['--deadline <seconds>', 'how long the Logs Insights query may run (default 60)'],
  ['--no-records', 'do not read CloudWatch Logs'],
  [
    '--read-sources',
    "read the sources' items from their tables with your credentials (dynamodb:GetItem)",
  ],
  [
    '--item <file>',
    'the sources\' items instead: {"<source>": <DynamoDB JSON item or null>} (one item for one source)',
  ],
  ...AWS_HELP,
  'json',
  'help',
])}
`;

/** The legacy PreTokenGeneration field always sends the V1_0 event. */
function wiringOf(pool: UserPoolView): { trigger: TriggerWiring; arn?: string } {
  const lambda = pool.LambdaConfig;
  const configured = lambda?.PreTokenGenerationConfig;
  if (configured?.LambdaArn) {
    const version = configured.LambdaVersion;
    return {
      trigger: version === 'V1_0' || version === 'V2_0' || version === 'V3_0' ? version : 'unknown',
      arn: configured.LambdaArn,
    };
  }
  return lambda?.PreTokenGeneration
    ? { trigger: 'V1_0', arn: lambda.PreTokenGeneration }
    : { trigger: 'none' };
}

async function listClients(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
): Promise<{ id: string; name?: string }[]> {
  const found: { id: string; name?: string }[] = [];
  for await (const page of paginateListUserPoolClients(
    { client },
    { UserPoolId: userPoolId, MaxResults: 60 },
  )) {
    for (const summary of page.UserPoolClients ?? []) {
      if (summary.ClientId) {
        found.push({
          id: summary.ClientId,
          ...(summary.ClientName ? { name: summary.ClientName } : {}),
        });
      }
    }
  }
  return found;
}

/**
 * Each sign-in's items, read as the trigger reads them. One reader for the run, and one read
 * per distinct request a source sees (the same key for every trigger source of a client).
 */
async function readSources(
  input: ExplainInput,
  env: CliIo['env'],
): Promise<Map<string, SourceReadView>> {
  const read = liveSourceReader(compileConfig(input.config, RULE_FEATURES), env);
  const views = new Map<string, SourceReadView>();
  const byClient = new Map<string, SourceReadView>();
  for (const entry of signInCases(input)) {
    // Which sources a sign-in reads and under which key depend on its client, not its trigger
    // source (client credentials, which has no user, is not among the sign-ins explain runs).
    let view = byClient.get(entry.clientId);
    if (!view) {
      const got = await read(entry.request);
      view = { results: got.results, failures: got.failures, from: 'tables' };
      byClient.set(entry.clientId, view);
    }
    views.set(signInKey(entry.clientId, entry.triggerSource), view);
  }
  return views;
}

const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

export const runExplain = async (
  args: readonly string[],
  io: CliIo,
  options: { readonly sleep?: (ms: number) => Promise<void>; readonly now?: () => number } = {},
): Promise<number> => {
  const { values } = parseFlags(args, {
    ...AWS_OPTIONS,
    ...CONFIG_OPTION,
    ...JSON_OPTION,
    ...liveFailureOptions,
    'user-pool-id': { type: 'string' },
    username: { type: 'string' },
    claim: { type: 'string' },
    'client-id': { type: 'string' },
    'no-records': { type: 'boolean' },
    'read-sources': { type: 'boolean' },
    item: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(EXPLAIN_USAGE);
    return ExitCode.OK;
  }
  if (values.tail) throw new UsageError('--tail is for cognito-claims failures, not explain');
  const userPoolId = requireFlag(values['user-pool-id'], 'user-pool-id', 'the pool the user is in');
  const username = requireFlag(values.username, 'username', 'the user to explain');
  const aws = awsOptionsFrom(values);
  checkPoolId(userPoolId, aws);
  const loaded = loadCliConfig(values.config, io);
  if (values.item !== undefined && values['read-sources']) {
    throw new UsageError('give --item or --read-sources, not both');
  }
  if (values['read-sources'] && Object.keys(loaded.config.sources ?? {}).length === 0) {
    throw new UsageError('--read-sources: the config has no "sources"');
  }
  const itemResults =
    values.item !== undefined ? readSourceItems(values.item, io, loaded.config) : undefined;
  const claim = values.claim;
  if (claim !== undefined && !loaded.config.claims.some((rule) => rule.claim === claim)) {
    const names = [...new Set(loaded.config.claims.map((rule) => rule.claim))];
    throw new UsageError(
      `--claim "${claim}": no rule of ${loaded.source} writes that claim; it has ${names.join(', ') || 'no claims'}`,
    );
  }
  const region = resolveRegion(aws, io.env, userPoolId);
  const cognito = createCognitoClient(aws, io.env, region.region);
  const progress = createProgress(io.stderr);
  const context = (operation: string): CallContext => ({
    operation,
    region: region.region,
    regionSource: region.source,
    timeoutMs: aws.timeoutMs,
    userPoolId,
    username,
    ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
    ...(aws.profile ? { profile: aws.profile } : {}),
  });
  let attributes: Record<string, string>;
  let groups: string[];
  let wiring: ReturnType<typeof wiringOf>;
  let clients: { id: string; name?: string }[];
  let sourceEnv: CliIo['env'] = io.env;
  try {
    progress.update(`Reading user ${username} from ${userPoolId}`);
    const user = await awsCall(context('AdminGetUser'), () =>
      cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username })),
    );
    attributes = Object.fromEntries(
      (user.UserAttributes ?? []).flatMap((a) =>
        a.Name && a.Value !== undefined ? [[a.Name, a.Value]] : [],
      ),
    );
    progress.update("Reading the user's groups");
    groups =
      (await readUserGroups(
        cognito,
        // The pool's own name for the user: an email or phone alias is what the operator has,
        // and an emulator (cognito-local) finds group members by that name only.
        { userPoolId, username: user.Username ?? username },
        context('AdminListGroupsForUser'),
      )) ?? [];
    progress.update(`Reading user pool ${userPoolId}`);
    const described = await awsCall(context('DescribeUserPool'), () =>
      cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId })),
    );
    wiring = wiringOf(described.UserPool ?? {});
    const clientId = values['client-id'];
    if (clientId) clients = [{ id: clientId }];
    else {
      progress.update('Listing app clients');
      clients = await awsCall(context('ListUserPoolClients'), () =>
        listClients(cognito, userPoolId),
      );
    }
    if (values['read-sources'])
      sourceEnv = await operatorReaderEnv(io.env, region.region, () =>
        cognito.config.credentials(),
      );
  } finally {
    progress.stop();
    cognito.destroy();
  }
  const notes: string[] = [];
  if (clients.length === 0) {
    notes.push(`${userPoolId} has no app client: nothing signs in, so no token is issued`);
  }
  const sub = attributes.sub;
  let records: FailureEntry[] | undefined;
  let recordsText: string;
  if (values['no-records']) recordsText = 'not read (--no-records)';
  else if (!sub) recordsText = `not read: ${username} has no sub, which records carry`;
  else {
    try {
      const live = await readLiveFailures(
        {
          ...values,
          ...(values.since || values.from || values.to ? {} : { since: '7d' }),
          user: sub,
          username: undefined,
          claim: undefined,
          'client-id': undefined,
          code: undefined,
        },
        io,
        options,
      );
      records = live.entries;
      recordsText = `${records.length} for this user from ${new Date(live.window.from).toISOString()} to ${new Date(live.window.to).toISOString()}, read from ${live.logGroups.join(', ')} (${live.via})`;
    } catch (error) {
      recordsText = `not read (${firstLine(error)}); the answers below come from the user and the config alone`;
    }
  }
  const input: ExplainInput = {
    config: loaded.config,
    userPoolId,
    username,
    attributes,
    groups,
    clients,
    trigger: wiring.trigger,
    ...(claim !== undefined ? { claim } : {}),
    ...(records ? { records } : {}),
  };
  let sourceReads: Map<string, SourceReadView> | undefined;
  let sourcesText: string | undefined;
  if (itemResults && values.item !== undefined) {
    const view: SourceReadView = {
      results: itemResults,
      failures: [],
      from: { file: values.item },
    };
    sourceReads = new Map(
      signInCases(input).map((entry) => [signInKey(entry.clientId, entry.triggerSource), view]),
    );
    sourcesText = `from --item ${values.item}`;
  } else if (values['read-sources']) {
    progress.update("Reading the sources' items");
    try {
      sourceReads = await readSources(input, sourceEnv);
    } finally {
      progress.stop();
    }
    // What went wrong, once per source: names and codes only, never a value.
    const failed = new Set(
      [...sourceReads.values()].flatMap((view) =>
        view.failures.map((f) => `source "${f.source}" not read: ${f.code} (${f.errorName})`),
      ),
    );
    sourcesText = [
      'read from the tables with your credentials (--read-sources); the trigger reads them with its role',
      ...failed,
    ].join('; ');
  } else if (Object.keys(loaded.config.sources ?? {}).length > 0) {
    sourcesText = 'not read (add --read-sources to read the items from their tables)';
  }
  const report = explainUser({ ...input, ...(sourceReads ? { sourceReads } : {}) });
  const header: ExplainHeader = {
    userPoolId,
    username,
    ...(sub ? { sub } : {}),
    groups,
    configSource: loaded.source,
    configVersion: configVersion(loaded.config),
    trigger: wiring.trigger,
    ...(wiring.arn ? { triggerArn: wiring.arn } : {}),
    records: recordsText,
    recordsRead: records !== undefined,
    ...(sourcesText ? { sources: sourcesText } : {}),
    notes,
  };
  io.stdout.write(
    values.json ? formatExplainJson(header, report) : formatExplainText(header, report),
  );
  return ExitCode.OK;
};
