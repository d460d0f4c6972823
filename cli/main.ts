/**
 * `cognito-claims <command>`: dispatches to doctor, preview, failures, explain, attach and validate, and
 * turns every expected error into one line on stderr naming what was wrong and what to do, with
 * exit code 1 (a config with several problems lists each on its own line, with its JSON path).
 */

import { version } from '../package.json';
import { CognitoClaimsError } from '../shared/core/errors';
import { ATTACH_USAGE, runAttachCommand } from './attach/run-attach';
import { AWS_HELP, optionLines } from './common/args';
import { UsageError } from './common/errors';
import { type CliIo, ExitCode } from './common/io';
import { processIo } from './common/process-io';
import { DOCTOR_USAGE, runDoctor } from './doctor/run-doctor';
import { EXPLAIN_USAGE, runExplain } from './explain/run-explain';
import { FAILURES_USAGE, runFailures } from './failures/run-failures';
import { PREVIEW_USAGE, runPreview } from './preview/run-preview';
import { runValidate, VALIDATE_USAGE } from './validate/run-validate';

const COMMANDS = {
  doctor: {
    run: runDoctor,
    usage: DOCTOR_USAGE,
    about: 'check a user pool, its app clients and IdPs against the claims config',
  },
  preview: {
    run: runPreview,
    usage: PREVIEW_USAGE,
    about: "show the claims each token would get for a user, and each token's size",
  },
  failures: {
    run: runFailures,
    usage: FAILURES_USAGE,
    about: 'summarise exported CloudWatch failure records by code, claim, provider, client',
  },
  explain: {
    run: runExplain,
    usage: EXPLAIN_USAGE,
    about: "tell why each claim is in a user's tokens or missing, with their failure records",
  },
  attach: {
    run: runAttachCommand,
    usage: ATTACH_USAGE,
    about: 'wire the deployed triggers into an existing user pool, keeping its other settings',
  },
  validate: {
    run: runValidate,
    usage: VALIDATE_USAGE,
    about: 'check before a deploy that the user pool (template or live) can serve the config',
  },
} as const;
type Command = keyof typeof COMMANDS;

const NAMES = Object.keys(COMMANDS) as Command[];

export const USAGE = `Usage: cognito-claims <command> [options]

Commands:
${NAMES.map((name) => `  ${name.padEnd(10)} ${COMMANDS[name].about}`).join('\n')}

Options, the same in every command that takes them:
${optionLines(['config', ...AWS_HELP, 'stage', 'json', 'help'])}

Exit codes: 0 ok; 1 usage or operational error (one line on stderr says what and what to do);
2 findings that should stop a pipeline (doctor: critical; validate: error; preview: a sign-in
refused or a token over a limit).

Run "cognito-claims <command> --help" (or "cognito-claims help <command>") for a command's
options, "cognito-claims --version" for the version.
`;

const commandOf = (name: string | undefined): Command | undefined =>
  name !== undefined && Object.hasOwn(COMMANDS, name) ? (name as Command) : undefined;

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout.write(`${version}\n`);
    return ExitCode.OK;
  }
  if (name === 'help' && rest.length > 0) {
    const topic = commandOf(rest[0]);
    if (topic) {
      io.stdout.write(COMMANDS[topic].usage);
      return ExitCode.OK;
    }
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? ExitCode.ERROR : ExitCode.OK;
  }
  const command = commandOf(name === 'help' ? rest[0] : name);
  if (!command) {
    const unknown = name === 'help' ? rest[0] : name;
    io.stderr.write(
      `cognito-claims: unknown command "${unknown}": use one of ${NAMES.join(', ')} (cognito-claims --help lists them)\n`,
    );
    return ExitCode.ERROR;
  }
  try {
    return await COMMANDS[command].run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(
        `cognito-claims ${command}: ${firstLine(error.message)} (cognito-claims ${command} --help lists the options)\n`,
      );
      return ExitCode.ERROR;
    }
    if (error instanceof CognitoClaimsError) {
      io.stderr.write(`cognito-claims ${command}: ${error.message}\n`);
      return ExitCode.ERROR;
    }
    const kind = error instanceof Error ? error.name : typeof error;
    const message = error instanceof Error ? firstLine(error.message) : '';
    io.stderr.write(
      `cognito-claims ${command}: unexpected ${kind}${message ? `: ${message}` : ''}\n`,
    );
    return ExitCode.ERROR;
  }
}

/** Runs the CLI as a process: its streams, its exit code. */
export function runFromProcess(argv: readonly string[]): void {
  runCli(argv, processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `cognito-claims: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
