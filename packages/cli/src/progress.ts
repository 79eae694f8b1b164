/**
 * Progress of a certification as one status line, rewritten in place on a terminal's
 * stderr. Only a terminal gets it: in a pipe or a CI log it would be noise beside the
 * report, and stdout (where a JSON or JUnit report may go) never gets it.
 */
import type { CertificationProgress } from '@ddikit/conformance';
import type { Output } from './io.js';

export interface ProgressLine {
  onProgress(event: CertificationProgress): void;
  /** Erases the line, before the report or an error is written. */
  clear(): void;
}

const ERASE_LINE = '\r\u001b[2K';

export function progressLine(stream: Output, subject: string): ProgressLine | undefined {
  if (!stream.isTTY) return undefined;
  const width = (stream.columns ?? 80) - 1;
  let done = 0;
  // Cases run concurrently: show the one that moved last, with the handler it is in.
  const running = new Map<string, string | undefined>();
  const render = (current: string | undefined) => {
    const handler = current === undefined ? undefined : running.get(current);
    const where = current === undefined ? '' : `; running ${current}${handler ? ` in ${handler}` : ''}`;
    stream.write(`${ERASE_LINE}certifying ${subject}: ${done} case${done === 1 ? '' : 's'} done${where}`.slice(0, width + ERASE_LINE.length));
  };
  return {
    onProgress(event) {
      if (event.type === 'case-end') {
        running.delete(event.case);
        done += 1;
        render(running.keys().next().value);
        return;
      }
      running.set(event.case, event.type === 'handler' ? event.handler : undefined);
      render(event.case);
    },
    clear() {
      stream.write(ERASE_LINE);
    },
  };
}
