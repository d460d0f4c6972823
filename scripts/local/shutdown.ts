/**
 * Stopping the run from outside: Ctrl-C (SIGINT), `kill` or a process manager (SIGTERM), the
 * terminal closing (SIGHUP), or the parent going away (parent-watch.ts). Each one stops the whole
 * service group, writes the report and exits. The services run in process groups of their own,
 * so no signal meant for the run reaches them: without this they would outlive it.
 */
import { out } from './output';
import { watchParent } from './parent-watch';
import type { ServiceGroup } from './processes';
import type { RunLog } from './run-log';

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** @param exitCode what the process exits with once stopped this way */
export function stopFromOutside(services: ServiceGroup, log: RunLog, exitCode: number): void {
  const stop = (reason: string) => {
    // Stopping already (a second signal, or the run's own end): the first stop finishes the job.
    if (services.stopping()) return;
    out(`\n${reason}: stopping cognito-local, serverless-offline and dynalite...`);
    void services.stopAll().then(() => {
      log.writeReport();
      out('stopped.');
      process.exit(exitCode);
    });
  };
  // After a hangup or the parent's exit nobody may be reading our output: a failed write must
  // not end the process (an unhandled 'error' would) before the services are stopped.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  watchParent((parent) => stop(`parent process ${parent} exited`));
}
