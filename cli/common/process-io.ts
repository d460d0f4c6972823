/**
 * The CliIo of a real run: the process's streams and environment, standard input read only when
 * a command asks for it, and a yes/no prompt only when there is a terminal to answer it.
 */
import { createInterface } from 'node:readline/promises';
import { text } from 'node:stream/consumers';
import type { CliIo } from './io';

async function confirm(question: string): Promise<boolean> {
  // The question goes to stderr: stdout may be a report someone is saving.
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

export function processIo(): CliIo {
  const terminal = process.stdin.isTTY === true;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    readStdin: () => text(process.stdin),
    stdinIsTTY: terminal,
    ...(terminal && process.stderr.isTTY ? { confirm } : {}),
  };
}
