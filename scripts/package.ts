/**
 * `npm run package` and `npm run deploy`: build, `osls package` (with the arguments given, e.g.
 * `--stage prod --param="userPoolId=..."`), then `cognito-claims validate` on the template it
 * wrote, against the config the build packaged. An error there stops the run before anything is
 * deployed: a required claim from an attribute the pool does not define would refuse every
 * sign-in. `npm run deploy` then deploys that same package (`osls deploy --package`), so what
 * was checked is what goes out.
 *
 *   node --import tsx scripts/package.ts [osls options]            npm run package -- ...
 *   node --import tsx scripts/package.ts --deploy [osls options]   npm run deploy -- ...
 *
 * npm appends the arguments of `npm run x -- <args>` to the end of the script, which is why this
 * is one program and not `a && b && c` in package.json (the arguments would reach only `c`).
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { processIo } from '../cli/common/process-io';
import { runCli } from '../cli/main';

const ROOT = resolve(__dirname, '..');
const OSLS = join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');
const TEMPLATE = 'cloudformation-template-update-stack.json';
/** `osls deploy` options that `osls package` does not take. */
const DEPLOY_ONLY = new Set(['--force', '--conceal', '--aws-s3-accelerate']);

/** The folder osls packages into: `--package <dir>` (or `-p`), else `.serverless`. */
function packageDir(args: readonly string[]): string {
  for (const [index, arg] of args.entries()) {
    if (arg.startsWith('--package=')) return arg.slice('--package='.length);
    if ((arg === '--package' || arg === '-p') && args[index + 1]) return args[index + 1] ?? '';
  }
  return '.serverless';
}

function step(name: string, command: string, args: readonly string[], deploy: boolean): boolean {
  const result = spawnSync(command, [...args], { cwd: ROOT, stdio: 'inherit' });
  if (result.status === 0) return true;
  const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
  const stopped = name === 'osls deploy' ? '' : deploy ? '; nothing was deployed' : '; stopped';
  process.stderr.write(`${name} failed (${why})${stopped}.\n`);
  return false;
}

async function main(argv: readonly string[]): Promise<number> {
  const deploy = argv.includes('--deploy');
  const args = argv.filter((arg) => arg !== '--deploy');
  const packageArgs = args.filter((arg) => !DEPLOY_ONLY.has(arg));
  if (!step('npm run build', process.execPath, [join(ROOT, 'scripts', 'build.mjs')], deploy)) {
    return 1;
  }
  if (!step('osls package', process.execPath, [OSLS, 'package', ...packageArgs], deploy)) return 1;
  const dir = resolve(ROOT, packageDir(packageArgs));
  // The config the build validated and packaged (scripts/build.mjs reads the same).
  const config = process.env.CLAIMS_CONFIG_FILE ?? join(ROOT, 'claims.config.json');
  const io = { ...processIo(), cwd: ROOT };
  const code = await runCli(
    ['validate', '--template', join(dir, TEMPLATE), '--config', config],
    io,
  );
  if (code !== 0) {
    process.stderr.write(
      `cognito-claims validate exited ${code}: ${deploy ? 'nothing was deployed' : 'the package is not fit to deploy'}; fix what it names and run again.\n`,
    );
    return code;
  }
  if (!deploy) return 0;
  const withoutPackage = args.filter(
    (arg, index) =>
      !arg.startsWith('--package') &&
      arg !== '-p' &&
      args[index - 1] !== '--package' &&
      args[index - 1] !== '-p',
  );
  const deployArgs = [OSLS, 'deploy', '--package', dir, ...withoutPackage];
  return step('osls deploy', process.execPath, deployArgs, deploy) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
