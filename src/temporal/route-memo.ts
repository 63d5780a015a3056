/**
 * The memo RouterClient starts every routing workflow with (not indexed, not searchable; `describe` returns it).
 * One shape for the writer (the client) and the readers (the idempotency check, the gateway's park check).
 */
export type RouteMemo = {
  /** sha256 of the validated request: a repeated request id with other content is refused (idempotency). */
  requestDigest: string;
  /**
   * The run writes Switchyard's search attributes (its input's `searchAttributes`): a missing
   * `SwitchyardNeedsReview` then means "not parked", so the start need not set it (about 0.8 ms per request on
   * the dev server, docs/benchmarks.md). Absent in runs started before this change, which set it at start.
   * @default absent
   */
  searchAttributes?: true;
};

/** The memo of a request with this digest, run with or without search attributes. */
export function routeMemo(requestDigest: string, searchAttributes: boolean): RouteMemo {
  return searchAttributes ? { requestDigest, searchAttributes: true } : { requestDigest };
}

/** Whether a described run's memo says it writes Switchyard's search attributes. */
export function memoSaysTagged(memo: Record<string, unknown> | undefined): boolean {
  return memo?.searchAttributes === true;
}
