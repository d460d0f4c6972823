/**
 * `npm run attach -- --user-pool-id <id> --stage <stage> [--yes]`: wire the deployed triggers
 * into an existing user pool without resetting its other settings. See cli/attach/.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoClaimsError } from '../shared/core/errors';
import { ATTACH_USAGE, parseAttachArgs } from './attach/attach-args';
import { runAttach } from './attach/attach-command';

const confirm = async (question: string): Promise<boolean> => {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
};

const main = async (): Promise<number> => {
  const args = parseAttachArgs(process.argv.slice(2), process.env);
  if (args.help) {
    console.log(ATTACH_USAGE);
    return 0;
  }
  // An emulator accepts any credentials; do not make the user invent some.
  const credentials =
    args.endpoint && !process.env.AWS_ACCESS_KEY_ID
      ? { accessKeyId: 'local', secretAccessKey: 'local' }
      : undefined;
  const cognito = new CognitoIdentityProviderClient({
    region: args.region,
    ...(args.endpoint ? { endpoint: args.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: 2,
  });
  const outcome = await runAttach(args, {
    cognito,
    ...(args.arns ? {} : { cloudFormation: new CloudFormationClient({ region: args.region }) }),
    readText: (path) => readFileSync(path, 'utf8'),
    ...(process.stdin.isTTY && process.stdout.isTTY ? { confirm } : {}),
    print: (line) => console.log(line),
  });
  return outcome.status === 'declined' ? 1 : 0;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CognitoClaimsError) {
      console.error(error.message);
    } else {
      console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
    process.exitCode = 1;
  },
);
