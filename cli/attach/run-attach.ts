/** `cognito-claims attach`: the command around attach-command.ts, its output and exit code. */
import { AttachError } from '../../shared/core/errors';
import { createCloudFormationClient, createCognitoClient } from '../common/aws';
import { loadCliConfig } from '../common/config';
import { type CliIo, ExitCode } from '../common/io';
import { ATTACH_USAGE, parseAttachArgs } from './attach-args';
import { AttachStatus, runAttach } from './attach-command';

export { ATTACH_USAGE };

export async function runAttachCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseAttachArgs(argv, io.env);
  if (!args) {
    io.stdout.write(ATTACH_USAGE);
    return ExitCode.OK;
  }
  const loaded = loadCliConfig(args.configPath, io);
  const region = args.region.region;
  const cognito = createCognitoClient(args.aws, io.env, region);
  const cloudFormation = args.arns
    ? undefined
    : createCloudFormationClient(args.aws, io.env, region);
  try {
    const outcome = await runAttach(args, loaded.config, {
      cognito,
      ...(cloudFormation ? { cloudFormation } : {}),
      // JSON is for machines: nobody to ask, and stdout carries the report only.
      ...(io.confirm && !args.json ? { confirm: io.confirm } : {}),
      print: args.json ? () => {} : (line) => io.stdout.write(`${line}\n`),
    });
    const applied =
      outcome.status === AttachStatus.UPDATED || outcome.status === AttachStatus.UNCHANGED;
    const exitCode = applied ? ExitCode.OK : ExitCode.ERROR;
    if (args.json) {
      io.stdout.write(
        `${JSON.stringify({ ...outcome, configSource: loaded.source, exitCode }, null, 2)}\n`,
      );
    }
    if (outcome.status === AttachStatus.NOT_APPLIED) {
      throw new AttachError(
        args.json
          ? 'nothing was changed: re-run with --yes to apply the changes listed'
          : 'no terminal to ask for confirmation: nothing was changed; read the difference above and re-run with --yes to apply it',
      );
    }
    return exitCode;
  } finally {
    cognito.destroy();
    cloudFormation?.destroy();
  }
}
