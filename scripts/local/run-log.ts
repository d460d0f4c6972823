/**
 * The run's steps as they happen, printed and kept for the JSON report (`--report`), which the
 * e2e tests read. Writing the report never throws: a path that cannot be written fails the run.
 */
import { writeFileSync } from 'node:fs';
import { fail, ok } from './output';

export interface Step {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

export interface RunLog {
  /** The report: `steps`, and whatever the steps add. */
  readonly report: Record<string, unknown>;
  readonly steps: readonly Step[];
  /** Prints the step and keeps it; returns whether it passed. */
  record(name: string, passed: boolean, detail?: string): boolean;
  /** Writes the report if one was asked for; false (and said so) if it could not be written. */
  writeReport(): boolean;
}

export function createRunLog(reportPath: string | undefined): RunLog {
  const steps: Step[] = [];
  const report: Record<string, unknown> = { steps };
  return {
    report,
    steps,
    record(name, passed, detail) {
      steps.push({ name, ok: passed, ...(detail ? { detail } : {}) });
      (passed ? ok : fail)(detail ? `${name}: ${detail}` : name);
      return passed;
    },
    writeReport() {
      if (!reportPath) return true;
      try {
        writeFileSync(reportPath, JSON.stringify(report, null, 2));
        return true;
      } catch (error) {
        fail(
          `could not write the report: ${error instanceof Error ? error.message : String(error)}`,
        );
        return false;
      }
    },
  };
}
