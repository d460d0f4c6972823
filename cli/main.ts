/**
 * `cognito-claims <command>`: dispatches to doctor, preview and failures and turns every
 * expected error into one clear line on stderr and exit code 1.
 */

import { version } from '../package.json';
import { CognitoClaimsError, ConfigError } from '../shared/core/errors';
import { UsageError } from './common/errors';
import { type CliIo, ExitCode } from './common/io';
import { DOCTOR_USAGE, runDoctor } from './doctor/run-doctor';
import { FAILURES_USAGE, runFailures } from './failures/run-failures';
import { PREVIEW_USAGE, runPreview } from './preview/run-preview';

export const USAGE = `Usage: cognito-claims <command> [options]

Commands:
  doctor     check a user pool, its app clients and IdPs against the claims config
  preview    show the claims each token would get for a user, and each token's size
  failures   summarise exported CloudWatch failure records by code, claim, provider, client

Run "cognito-claims <command> --help" for a command's options, "cognito-claims --version" for
the version.
`;

const COMMANDS = {
  doctor: { run: runDoctor, usage: DOCTOR_USAGE },
  preview: { run: runPreview, usage: PREVIEW_USAGE },
  failures: { run: runFailures, usage: FAILURES_USAGE },
} as const;

export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v' || command === 'version') {
    io.stdout.write(`${version}\n`);
    return ExitCode.OK;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout).write(USAGE);
    return command === undefined ? ExitCode.ERROR : ExitCode.OK;
  }
  const entry = Object.hasOwn(COMMANDS, command)
    ? COMMANDS[command as keyof typeof COMMANDS]
    : undefined;
  if (!entry) {
    io.stderr.write(`cognito-claims: unknown command "${command}"\n\n${USAGE}`);
    return ExitCode.ERROR;
  }
  try {
    return await entry.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(
        `cognito-claims ${command}: ${error.message}\nRun "cognito-claims ${command} --help" for the options.\n`,
      );
      return ExitCode.ERROR;
    }
    if (error instanceof ConfigError || error instanceof CognitoClaimsError) {
      io.stderr.write(`cognito-claims ${command}: ${error.message}\n`);
      return ExitCode.ERROR;
    }
    const name = error instanceof Error ? error.name : typeof error;
    const message = error instanceof Error ? error.message.split('\n')[0] : '';
    io.stderr.write(
      `cognito-claims ${command}: unexpected ${name}${message ? `: ${message}` : ''}\n`,
    );
    return ExitCode.ERROR;
  }
};
