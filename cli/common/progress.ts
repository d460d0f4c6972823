/**
 * A spinner on stderr while a command waits on the network. Only on a terminal: in a pipe, a
 * CI log or a test it writes nothing, so machine output stays clean.
 */
import type { CliStream } from './io';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  update(text: string): void;
  stop(): void;
}

export const createProgress = (stream: CliStream, intervalMs = 80): Progress => {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  let text = '';
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    stream.write(`\r\u001b[2K${FRAMES[frame % FRAMES.length]} ${text}`);
    frame += 1;
  };
  return {
    update(next) {
      text = next;
      if (!timer) {
        timer = setInterval(draw, intervalMs);
        timer.unref();
      }
      draw();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (text) stream.write('\r\u001b[2K');
      text = '';
    },
  };
};
