import { z } from 'zod';

/** Where a worker sends one request's live answer: a gateway URL and the capability token for it. */
export const StreamTicketSchema = z.strictObject({
  /** `http(s)://host:port/internal/streams/<id>` on the gateway holding the client. */
  url: z
    .string()
    .max(2048)
    .regex(/^https?:\/\/[^\s/?#]+\/internal\/streams\/[A-Za-z0-9_-]{8,64}$/, 'a gateway stream URL'),
  /** Random per request (128+ bits, hex); the gateway accepts lines only with it. */
  token: z.string().regex(/^[0-9a-f]{32,128}$/, 'a hex token of 32 to 128 characters'),
});

export type StreamTicket = z.output<typeof StreamTicketSchema>;
