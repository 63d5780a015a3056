import type { ServerResponse } from 'node:http';
import type { Reply } from './wire-types.js';

/** Wraps a response so writes after the client left are dropped and the sent status is reported. */
export function createReply(response: ServerResponse, onStatus: (status: number) => void): Reply {
  let lastWrite: Promise<void> = Promise.resolve();
  const closed = new Promise<void>((resolve) => response.once('close', () => resolve()));
  const alive = (): boolean => !response.destroyed && !response.writableEnded;
  return {
    response,
    head(status, headers = {}) {
      if (!alive() || response.headersSent) return;
      response.writeHead(status, headers);
      onStatus(status);
    },
    write(chunk) {
      if (!alive()) return;
      const written = new Promise<void>((resolve) => response.write(chunk, () => resolve()));
      lastWrite = Promise.race([written, closed]);
    },
    end(chunk) {
      if (!alive()) return;
      if (chunk === undefined) response.end();
      else response.end(chunk);
    },
    flushed() {
      return lastWrite;
    },
  };
}
