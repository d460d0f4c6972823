#!/usr/bin/env node
/**
 * Operator tools: `cognito-claims doctor | preview | failures`. Built into
 * dist/cli/cognito-claims.js by `npm run build`; the commands live in cli/<command>/, their
 * helpers in cli/common/.
 */
import { text } from 'node:stream/consumers';
import { runCli } from './main';

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  readStdin: () => text(process.stdin),
}).then(
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
