/**
 * gRPC channel arguments for Temporal clients that must come back soon after a server restart (the gateway
 * waits on them). grpc-js backs failed reconnects off up to 120 s by default, so after a minute-long outage
 * a client could stay disconnected for minutes while the server is already back; here a reconnect is tried
 * at least every 2 s (first after 250 ms).
 */
export const RECONNECT_CHANNEL_ARGS = {
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 2000,
} as const;
