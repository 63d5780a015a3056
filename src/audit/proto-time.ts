/** Protobuf int64 as the Temporal SDK hands it over: a number, a decimal string, or a Long. */
export type LongLike = number | string | { toNumber(): number } | null | undefined;

/** A protobuf Timestamp or Duration (`seconds` + `nanos`). */
export type Timestamp = { seconds?: LongLike; nanos?: number | null } | null | undefined;

export function toNumber(value: LongLike): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'object') return value.toNumber();
  return Number(value);
}

/** A Timestamp (since the epoch) or a Duration in milliseconds, with the sub-millisecond part; 0 when unset. */
export function timestampMs(time: Timestamp): number {
  if (!time) return 0;
  return toNumber(time.seconds) * 1000 + (time.nanos ?? 0) / 1e6;
}
