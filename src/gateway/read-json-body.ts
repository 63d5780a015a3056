import { invalidRequest, requestTooLarge, unsupportedMediaType } from './openai-error.js';

/**
 * Reads a JSON request body of at most `maxBytes`: 415 unless `Content-Type` is JSON (a browser can send
 * `text/plain` cross-origin without a preflight), 413 when `Content-Length` says too much or, whatever it
 * says, as soon as the bytes read pass the limit; 400 for text that is not JSON.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw unsupportedMediaType(
      `Content-Type must be application/json, got ${type ? `"${type.slice(0, 100)}"` : 'none'}`,
    );
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readText(request, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest('request body must be a JSON object (Content-Type: application/json)');
  }
}

async function readText(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

function tooLarge(maxBytes: number) {
  return requestTooLarge(`request body exceeds the gateway's limit of ${maxBytes} bytes`);
}
