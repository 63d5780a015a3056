import { ModelCallError } from './model-call-error.js';
import type { ModelCallOptions } from './types.js';

/**
 * Which limit ended a call: time to first token (`NoResponse` when not even the response headers came,
 * `FirstTokenTimeout` after them), silence between events, or the caller's signal.
 */
export type WatchdogTrip = 'first-token' | 'idle' | 'caller';

/**
 * Guards one streamed call: aborts its HTTP request when no content token arrives within the first-token
 * limit (counted from the call's start, so it covers waiting for headers), when the stream goes silent for
 * longer than the idle limit after that, or when the caller's signal aborts.
 */
export class StreamWatchdog {
  private readonly controller = new AbortController();
  private readonly startedAt = performance.now();
  private timer: NodeJS.Timeout;
  private tripReason: WatchdogTrip | null = null;
  private firstTokenAt: number | null = null;
  private respondedAt: number | null = null;
  private readonly onCallerAbort = (): void => this.trip('caller');

  constructor(private readonly options: ModelCallOptions) {
    this.timer = setTimeout(() => this.trip('first-token'), options.firstTokenTimeoutMs);
    if (options.signal.aborted) this.trip('caller');
    else options.signal.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  /** Pass to the SDK request; aborted when any limit trips. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get tripped(): WatchdogTrip | null {
    return this.tripReason;
  }

  /** Call start to first content token, ms; null before it. */
  get firstTokenMs(): number | null {
    return this.firstTokenAt === null ? null : Math.round(this.firstTokenAt - this.startedAt);
  }

  /** Call start to now, ms. */
  elapsedMs(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  /** Records that the provider's response headers arrived (a first-token trip after this is no longer `NoResponse`). */
  responded(): void {
    // Headers that arrive after a trip change nothing: the limit passed without a response.
    if (this.respondedAt === null && this.tripReason === null) this.respondedAt = performance.now();
  }

  /** Records one stream event; `token` when it carried generated tokens. Reports progress to the caller. */
  event(token: boolean): void {
    if (this.tripReason !== null) return;
    if (this.firstTokenAt === null && token) {
      this.firstTokenAt = performance.now();
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.trip('idle'), this.options.idleTimeoutMs);
    } else if (this.firstTokenAt !== null) {
      this.timer.refresh();
    }
    this.options.onProgress?.();
  }

  /** The error for the limit that tripped (null when none did). */
  timeoutError(): ModelCallError | null {
    switch (this.tripReason) {
      case 'first-token':
        return this.respondedAt === null
          ? new ModelCallError('NoResponse', `no response within ${this.options.firstTokenTimeoutMs} ms`)
          : new ModelCallError('FirstTokenTimeout', `no first token within ${this.options.firstTokenTimeoutMs} ms`);
      case 'idle':
        return new ModelCallError('StreamStalled', `stream silent for ${this.options.idleTimeoutMs} ms`);
      case 'caller':
        return new ModelCallError('Timeout', `attempt aborted after ${this.elapsedMs()} ms`);
      default:
        return null;
    }
  }

  /** Stops the timers and detaches from the caller's signal. Always call it. */
  dispose(): void {
    clearTimeout(this.timer);
    this.options.signal.removeEventListener('abort', this.onCallerAbort);
  }

  private trip(reason: WatchdogTrip): void {
    if (this.tripReason !== null) return;
    this.tripReason = reason;
    clearTimeout(this.timer);
    this.controller.abort();
  }
}
