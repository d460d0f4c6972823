/**
 * The one `cognito-claims` CLI: every command behind one dispatcher, help at every level, the
 * shared flags worded the same in every command that takes them, one-line errors.
 */
import { runCli, USAGE } from '../../cli/main';
import { captureIo } from '../helpers/cli-io';

const COMMANDS = ['doctor', 'preview', 'failures', 'explain', 'attach', 'validate'];
const AWS_COMMANDS = ['doctor', 'preview', 'attach', 'validate'];

const run = async (args: string[]) => {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
};

/** The help line of a flag in a usage text, from the flag to the end of its line. */
const helpLine = (usage: string, flag: string) =>
  usage.split('\n').find((line) => line.trimStart().startsWith(flag));

describe('cognito-claims', () => {
  it('lists every command in its help and exits 0', async () => {
    // Act
    const { code, out } = await run(['--help']);

    // Assess
    for (const command of COMMANDS) expect(out).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    expect(out).toContain('Exit codes: 0 ok; 1 usage or operational error');
    expect(out).toBe(USAGE);
    expect(code).toBe(0);
  });

  it.each(COMMANDS)('prints the usage of %s for --help, -h and help <command>', async (command) => {
    // Act
    const runs = await Promise.all([
      run([command, '--help']),
      run([command, '-h']),
      run(['help', command]),
    ]);

    // Assess
    for (const { code, out, err } of runs) {
      expect(out).toMatch(new RegExp(`^Usage: cognito-claims ${command}`));
      expect(out).toBe(runs[0]?.out);
      expect(err).toBe('');
      expect(code).toBe(0);
    }
  });

  it('words each shared flag the same in every command that takes it', async () => {
    // Prepare
    const usages = await Promise.all(AWS_COMMANDS.map((command) => run([command, '--help'])));

    // Act
    const lines = ['--config', '--region', '--profile', '--endpoint', '--timeout', '--json'].map(
      (flag) => new Set(usages.map(({ out }) => helpLine(out, flag))),
    );

    // Assess
    for (const variants of lines) {
      expect(variants.size).toBe(1);
      expect([...variants][0]).toBeDefined();
    }
    expect(helpLine(usages[0]?.out ?? '', '--timeout')).toContain('(default 10)');
  });

  it('prints usage on stderr and exits 1 without a command', async () => {
    // Act
    const { code, out, err } = await run([]);

    // Assess
    expect(err).toBe(USAGE);
    expect(out).toBe('');
    expect(code).toBe(1);
  });

  it('names an unknown command and the known ones in one line', async () => {
    // Act
    const { code, err } = await run(['doctr']);

    // Assess
    expect(err).toBe(
      'cognito-claims: unknown command "doctr": use one of doctor, preview, failures, explain, attach, validate (cognito-claims --help lists them)\n',
    );
    expect(code).toBe(1);
  });

  it('names an unknown option and points at the command help in one line', async () => {
    // Act
    const { code, err } = await run(['validate', '--colour']);

    // Assess
    expect(err).toBe(
      'cognito-claims validate: unknown option --colour (cognito-claims validate --help lists the options)\n',
    );
    expect(code).toBe(1);
  });
});
