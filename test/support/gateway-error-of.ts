import { GatewayError } from '../../src/gateway/openai-error.js';

/** The GatewayError `translate` throws; fails the test when it throws something else or nothing. */
export function gatewayErrorOf(translate: () => unknown): GatewayError {
  try {
    translate();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}
