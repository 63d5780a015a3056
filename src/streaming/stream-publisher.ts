import http from 'node:http';
import https from 'node:https';
import type { ModelDelta } from '../providers/types.js';
import type { StreamLine, StreamTicket } from './stream-protocol.js';

/** Connections to gateways are reused across attempts (one TCP handshake per gateway, not per attempt). */
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 256 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

/** Sends one attempt's live answer to the gateway; see stream-protocol.ts. */
export interface StreamPublisher {
  delta(delta: ModelDelta): void;
  /** Ends the attempt's stream: `ok`, or the error type that ended it. Never throws. */
  end(outcome: { ok: true } | { ok: false; errorType: string }): void;
}

/** A publisher that sends nothing (no ticket, sink not allowed). */
export const SILENT_PUBLISHER: StreamPublisher = { delta: () => undefined, end: () => undefined };

/**
 * Opens the attempt's POST to the gateway at once (the connection is ready before the model's first
 * token) and writes one JSON line per delta, unbuffered. Best effort by design: a gateway that is gone or
 * refuses makes every later write a no-op; the model call never waits for, nor fails because of, the stream.
 */
export function openStreamPublisher(
  ticket: StreamTicket,
  attempt: { n: number; model: string; role: string },
  onProblem: (problem: string) => void = () => undefined,
): StreamPublisher {
  const url = new URL(ticket.url);
  const secure = url.protocol === 'https:';
  let broken = false;
  const request = (secure ? https : http).request(url, {
    method: 'POST',
    agent: secure ? agents.https : agents.http,
    headers: {
      authorization: `Bearer ${ticket.token}`,
      'content-type': 'application/x-ndjson',
      'transfer-encoding': 'chunked',
    },
  });
  const fail = (problem: string) => {
    if (broken) return;
    broken = true;
    onProblem(problem);
    request.destroy();
  };
  request.on('socket', (socket) => socket.setNoDelay(true));
  request.on('error', (error) => fail(`stream sink ${url.origin}: ${error.message}`));
  request.on('response', (response) => {
    response.resume();
    if (response.statusCode !== 204 && response.statusCode !== 200) fail(`stream sink answered ${response.statusCode}`);
  });
  const write = (line: StreamLine) => {
    if (!broken) request.write(`${JSON.stringify(line)}\n`);
  };
  write({ type: 'start', attempt: attempt.n, model: attempt.model, role: attempt.role });
  let ended = false;
  return {
    delta(delta) {
      if (ended) return;
      if (delta.kind === 'text') write({ type: 'text', text: delta.text });
      else {
        const { index, id, name, argumentsDelta } = delta;
        write({
          type: 'tool-call',
          index,
          ...(id === undefined ? {} : { id }),
          ...(name === undefined ? {} : { name }),
          ...(argumentsDelta === undefined ? {} : { argumentsDelta }),
        });
      }
    },
    end(outcome) {
      if (ended) return;
      ended = true;
      write(outcome.ok ? { type: 'end', ok: true } : { type: 'end', ok: false, errorType: outcome.errorType });
      if (!broken) request.end();
    },
  };
}
