/**
 * `npm run attach`: wire the deployed functions into an existing user pool. Reads the pool,
 * computes the new trigger configuration, shows the difference, asks, then writes back every
 * writable setting it read (UpdateUserPool resets whatever the call leaves out).
 */
import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { parseConfigText } from '../../shared/core/config/parse-config';
import { AttachError } from '../../shared/core/errors';
import {
  choosePreTokenVersion,
  diffSettings,
  mergeLambdaConfig,
  PreTokenLambdaVersion,
  renderDiff,
  requiredClaimGaps,
  type SettingChange,
  schemaProblems,
  type TriggerTargets,
  toUpdateUserPoolInput,
  triggerConflicts,
} from '../common/user-pool-update';
import type { AttachArgs } from './attach-args';

export interface AttachDeps {
  readonly cognito: Pick<CognitoIdentityProviderClient, 'send'>;
  /** Needed only when the function ARNs are not given as flags. */
  readonly cloudFormation?: Pick<CloudFormationClient, 'send'>;
  readonly readText: (path: string) => string;
  /** Absent when there is no terminal to ask on. */
  readonly confirm?: (question: string) => Promise<boolean>;
  readonly print: (line: string) => void;
}

export interface AttachOutcome {
  readonly status: 'updated' | 'unchanged' | 'declined';
  readonly changes: readonly SettingChange[];
}

/** The stack outputs serverless.yml declares for this command. */
export const STACK_OUTPUTS = {
  preTokenGeneration: 'PreTokenGenerationFunctionArn',
  postAuthentication: 'PostAuthenticationFunctionArn',
  inboundFederation: 'InboundFederationFunctionArn',
  lambdaVersion: 'PreTokenLambdaVersion',
  userPoolId: 'UserPoolId',
} as const;

export interface StackTargets {
  readonly preTokenGeneration: string;
  readonly postAuthentication: string;
  readonly inboundFederation?: string;
  readonly lambdaVersion?: PreTokenLambdaVersion;
  readonly userPoolId?: string;
}

export const readStackTargets = async (
  cloudFormation: Pick<CloudFormationClient, 'send'>,
  stackName: string,
): Promise<StackTargets> => {
  let outputs: Map<string, string>;
  try {
    const { Stacks } = await cloudFormation.send(
      new DescribeStacksCommand({ StackName: stackName }),
    );
    outputs = new Map(
      (Stacks?.[0]?.Outputs ?? []).flatMap((o) =>
        o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue] as const] : [],
      ),
    );
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    throw new AttachError(
      `Could not read stack "${stackName}" (${name}: ${message}). Deploy it first ` +
        '(npm run deploy), pass --stage/--stack-name, or give the function ARNs as flags.',
      { cause: error },
    );
  }
  const read = (key: string) => outputs.get(key);
  const preTokenGeneration = read(STACK_OUTPUTS.preTokenGeneration);
  const postAuthentication = read(STACK_OUTPUTS.postAuthentication);
  if (!preTokenGeneration || !postAuthentication) {
    throw new AttachError(
      `Stack "${stackName}" has no ${STACK_OUTPUTS.preTokenGeneration}/` +
        `${STACK_OUTPUTS.postAuthentication} outputs: it was not deployed from this serverless.yml.`,
    );
  }
  const inboundFederation = read(STACK_OUTPUTS.inboundFederation);
  const version = read(STACK_OUTPUTS.lambdaVersion);
  const userPoolId = read(STACK_OUTPUTS.userPoolId);
  return {
    preTokenGeneration,
    postAuthentication,
    ...(inboundFederation ? { inboundFederation } : {}),
    ...(version && Object.values(PreTokenLambdaVersion).includes(version as 'V2_0')
      ? { lambdaVersion: version as PreTokenLambdaVersion }
      : {}),
    ...(userPoolId ? { userPoolId } : {}),
  };
};

const describePool = async (
  cognito: Pick<CognitoIdentityProviderClient, 'send'>,
  userPoolId: string,
): Promise<UserPoolType> => {
  try {
    const { UserPool } = await cognito.send(
      new DescribeUserPoolCommand({ UserPoolId: userPoolId }),
    );
    if (!UserPool) throw new AttachError(`DescribeUserPool returned no pool for ${userPoolId}.`);
    return UserPool;
  } catch (error) {
    if (error instanceof AttachError) throw error;
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    throw new AttachError(`Could not read user pool ${userPoolId} (${name}: ${message}).`, {
      cause: error,
    });
  }
};

export const runAttach = async (args: AttachArgs, deps: AttachDeps): Promise<AttachOutcome> => {
  const config = parseConfigText(deps.readText(args.configPath), args.configPath);

  let stack: StackTargets;
  if (args.arns) {
    stack = args.arns;
  } else {
    if (!deps.cloudFormation) {
      throw new AttachError('Give the function ARNs as flags or let the command read the stack.');
    }
    stack = await readStackTargets(deps.cloudFormation, args.stackName);
    if (stack.userPoolId && stack.userPoolId !== args.userPoolId) {
      // The stack's Lambda permissions name its pool: any other pool could not invoke them.
      throw new AttachError(
        `Stack "${args.stackName}" was deployed for user pool ${stack.userPoolId}, and its ` +
          `functions let only that pool invoke them. Deploy it for ${args.userPoolId} first:\n` +
          `  npm run deploy -- --stage ${args.stage} --param="userPoolId=${args.userPoolId}" ` +
          '--param="userPoolClientId=<app client id>"',
      );
    }
  }

  const pool = await describePool(deps.cognito, args.userPoolId);
  const requested = args.lambdaVersion ?? stack.lambdaVersion ?? PreTokenLambdaVersion.V2_0;
  const choice = choosePreTokenVersion(pool.UserPoolTier, requested, config);
  if (!choice.ok) {
    throw new AttachError(`Not attaching to ${args.userPoolId}: ${choice.reason}`);
  }
  if (choice.note) deps.print(choice.note);
  const gaps = requiredClaimGaps(config, pool.SchemaAttributes);
  if (gaps.length > 0) {
    throw new AttachError(
      `Not attaching to ${args.userPoolId}: every sign-in would be refused, because a ` +
        `${gaps.join('; ')}. Add the attribute (add-custom-attributes) or change the config.`,
    );
  }
  for (const problem of schemaProblems(config, pool.SchemaAttributes)) {
    deps.print(`Warning: ${problem}.`);
  }

  const targets: TriggerTargets = {
    preTokenGeneration: stack.preTokenGeneration,
    postAuthentication: stack.postAuthentication,
    ...(stack.inboundFederation ? { inboundFederation: stack.inboundFederation } : {}),
    preTokenLambdaVersion: choice.version,
  };
  const conflicts = triggerConflicts(pool.LambdaConfig, targets);
  if (conflicts.length > 0 && !args.replaceTriggers) {
    const lines = conflicts.map((c) => `  ${c.slot}: ${c.current} (would be ${c.wanted})`);
    throw new AttachError(
      `User pool ${args.userPoolId} already sends these triggers to other functions:\n` +
        `${lines.join('\n')}\nRe-run with --replace-triggers to replace them.`,
    );
  }

  const before = toUpdateUserPoolInput(pool, pool.LambdaConfig);
  const after = toUpdateUserPoolInput(pool, mergeLambdaConfig(pool.LambdaConfig, targets));
  const changes = diffSettings(before, after);
  const label = `${pool.Name ?? ''} (${args.userPoolId})`.trim();
  if (changes.length === 0) {
    deps.print(`User pool ${label} already has these triggers. Nothing to change.`);
    return { status: 'unchanged', changes };
  }

  const kept = Object.keys(after).filter((key) => key !== 'UserPoolId' && key !== 'LambdaConfig');
  deps.print(`Changes to user pool ${label}:`);
  for (const line of renderDiff(changes)) deps.print(line);
  deps.print(
    `Written back unchanged: ${kept.length > 0 ? kept.join(', ') : '(no other settings)'}.`,
  );

  if (!args.yes) {
    if (!deps.confirm) {
      throw new AttachError(
        'No terminal to ask for confirmation: nothing was changed. Read the difference above and ' +
          're-run with --yes to apply it.',
      );
    }
    if (!(await deps.confirm('Apply these changes? [y/N] '))) {
      deps.print('Nothing was changed.');
      return { status: 'declined', changes };
    }
  }
  await deps.cognito.send(new UpdateUserPoolCommand(after));
  deps.print(`Updated user pool ${label}: ${changes.length} trigger setting(s) changed.`);
  if (args.arns) {
    deps.print(
      'Each function must let cognito-idp.amazonaws.com invoke it for this pool (the stack does ' +
        'this when deployed with --param="userPoolId=<id>").',
    );
  }
  return { status: 'updated', changes };
};
