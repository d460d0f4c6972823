/**
 * `cognito-claims attach`: wire the deployed functions into an existing user pool. Reads the
 * pool, computes the new trigger configuration, shows the difference, asks, then writes back
 * every writable setting it read (UpdateUserPool resets whatever the call leaves out).
 */
import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ClaimsConfig } from '../../shared/core/claims/types';
import { AttachError } from '../../shared/core/errors';
import { awsCall, type CallContext } from '../common/aws';
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
  /** Absent when there is no terminal to ask on (or the output is JSON). */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** What a person reads as it happens: the difference, notes, warnings. */
  readonly print: (line: string) => void;
}

export const AttachStatus = {
  UPDATED: 'updated',
  UNCHANGED: 'unchanged',
  DECLINED: 'declined',
  /** No terminal to ask on and no --yes: the difference was shown, nothing was written. */
  NOT_APPLIED: 'not-applied',
} as const;
export type AttachStatus = (typeof AttachStatus)[keyof typeof AttachStatus];

export interface AttachOutcome {
  readonly status: AttachStatus;
  readonly userPoolId: string;
  readonly poolName?: string;
  readonly changes: readonly SettingChange[];
  /** The other settings written back as they were read. */
  readonly keptSettings: readonly string[];
  readonly preTokenLambdaVersion: PreTokenLambdaVersion;
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
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

function callContext(args: AttachArgs, operation: string): CallContext {
  return {
    operation,
    region: args.region.region,
    regionSource: args.region.source,
    userPoolId: args.userPoolId,
    timeoutMs: args.aws.timeoutMs,
    ...(args.aws.endpoint ? { endpoint: args.aws.endpoint } : {}),
    ...(args.aws.profile ? { profile: args.aws.profile } : {}),
  };
}

export async function readStackTargets(
  cloudFormation: Pick<CloudFormationClient, 'send'>,
  args: AttachArgs,
): Promise<StackTargets> {
  const { stackName } = args;
  const { endpoint: _cognitoOnly, ...context } = callContext(args, 'DescribeStacks');
  const { Stacks } = await awsCall({ ...context, service: 'cloudformation', stackName }, () =>
    cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })),
  );
  const outputs = new Map(
    (Stacks?.[0]?.Outputs ?? []).flatMap((o) =>
      o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue] as const] : [],
    ),
  );
  const read = (key: string) => outputs.get(key);
  const preTokenGeneration = read(STACK_OUTPUTS.preTokenGeneration);
  const postAuthentication = read(STACK_OUTPUTS.postAuthentication);
  if (!preTokenGeneration || !postAuthentication) {
    throw new AttachError(
      `stack "${stackName}" has no ${STACK_OUTPUTS.preTokenGeneration}/` +
        `${STACK_OUTPUTS.postAuthentication} outputs: it was not deployed from this serverless.yml; pass --stack-name, or give the function ARNs as flags`,
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
}

async function describePool(
  cognito: Pick<CognitoIdentityProviderClient, 'send'>,
  args: AttachArgs,
): Promise<UserPoolType> {
  const { UserPool } = await awsCall(callContext(args, 'DescribeUserPool'), () =>
    cognito.send(new DescribeUserPoolCommand({ UserPoolId: args.userPoolId })),
  );
  if (!UserPool) throw new AttachError(`DescribeUserPool returned no pool for ${args.userPoolId}`);
  return UserPool;
}

async function targetsOf(args: AttachArgs, deps: AttachDeps): Promise<StackTargets> {
  if (args.arns) return args.arns;
  if (!deps.cloudFormation) {
    throw new AttachError('give the function ARNs as flags or let the command read the stack');
  }
  const stack = await readStackTargets(deps.cloudFormation, args);
  if (stack.userPoolId && stack.userPoolId !== args.userPoolId) {
    // The stack's Lambda permissions name its pool: any other pool could not invoke them.
    throw new AttachError(
      `stack "${args.stackName}" was deployed for user pool ${stack.userPoolId}, and its ` +
        `functions let only that pool invoke them: deploy it for ${args.userPoolId} first ` +
        `(npm run deploy -- --stage ${args.stage} --param="userPoolId=${args.userPoolId}" ` +
        '--param="userPoolClientId=<app client id>")',
    );
  }
  return stack;
}

export async function runAttach(
  args: AttachArgs,
  config: ClaimsConfig,
  deps: AttachDeps,
): Promise<AttachOutcome> {
  const stack = await targetsOf(args, deps);
  const pool = await describePool(deps.cognito, args);
  const requested = args.lambdaVersion ?? stack.lambdaVersion ?? PreTokenLambdaVersion.V2_0;
  const choice = choosePreTokenVersion(pool.UserPoolTier, requested, config);
  if (!choice.ok) {
    throw new AttachError(`not attaching to ${args.userPoolId}: ${choice.reason}`);
  }
  const notes: string[] = [];
  const warnings: string[] = [];
  if (choice.note) {
    notes.push(choice.note);
    deps.print(choice.note);
  }
  const gaps = requiredClaimGaps(config, pool.SchemaAttributes);
  if (gaps.length > 0) {
    throw new AttachError(
      `not attaching to ${args.userPoolId}: every sign-in would be refused, because a ` +
        `${gaps.join('; ')}: add the attribute (aws cognito-idp add-custom-attributes) or change the config`,
    );
  }
  for (const problem of schemaProblems(config, pool.SchemaAttributes)) {
    warnings.push(problem);
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
    const slots = conflicts.map((c) => `${c.slot}: ${c.current} (would be ${c.wanted})`);
    throw new AttachError(
      `user pool ${args.userPoolId} already sends these triggers to other functions: ` +
        `${slots.join('; ')}; re-run with --replace-triggers to replace them`,
    );
  }

  const before = toUpdateUserPoolInput(pool, pool.LambdaConfig);
  const after = toUpdateUserPoolInput(pool, mergeLambdaConfig(pool.LambdaConfig, targets));
  const changes = diffSettings(before, after);
  const label = `${pool.Name ?? ''} (${args.userPoolId})`.trim();
  const kept = Object.keys(after).filter((key) => key !== 'UserPoolId' && key !== 'LambdaConfig');
  const outcome = (status: AttachStatus): AttachOutcome => ({
    status,
    userPoolId: args.userPoolId,
    ...(pool.Name ? { poolName: pool.Name } : {}),
    changes,
    keptSettings: kept,
    preTokenLambdaVersion: choice.version,
    notes,
    warnings,
  });
  if (changes.length === 0) {
    deps.print(`User pool ${label} already has these triggers. Nothing to change.`);
    return outcome(AttachStatus.UNCHANGED);
  }

  deps.print(`Changes to user pool ${label}:`);
  for (const line of renderDiff(changes)) deps.print(line);
  deps.print(
    `Written back unchanged: ${kept.length > 0 ? kept.join(', ') : '(no other settings)'}.`,
  );

  if (!args.yes) {
    if (!deps.confirm) return outcome(AttachStatus.NOT_APPLIED);
    if (!(await deps.confirm('Apply these changes? [y/N] '))) {
      deps.print('Nothing was changed.');
      return outcome(AttachStatus.DECLINED);
    }
  }
  await awsCall(callContext(args, 'UpdateUserPool'), () =>
    deps.cognito.send(new UpdateUserPoolCommand(after)),
  );
  deps.print(`Updated user pool ${label}: ${changes.length} trigger setting(s) changed.`);
  if (args.arns) {
    const note =
      'Each function must let cognito-idp.amazonaws.com invoke it for this pool (the stack does ' +
      'this when deployed with --param="userPoolId=<id>").';
    notes.push(note);
    deps.print(note);
  }
  return outcome(AttachStatus.UPDATED);
}
