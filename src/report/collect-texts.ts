import type { Client } from '@temporalio/client';
import pLimit from 'p-limit';
import { PayloadDecoder } from '../audit/payloads.js';
import { lastUserText } from '../classify/complexity-signals.js';
import type { ChatMessage } from '../policy/types.js';

/**
 * Reads the text the classifier saw (the last user message) of each routed request from its workflow input: the
 * first event of its history only, decoded with the client's codecs. Held in memory for rule matching, never
 * printed. Returns null when any input cannot be read (e.g. encrypted without keys), so keywords and patterns are
 * then not judged rather than judged on part of the traffic.
 */
export async function collectRequestTexts(
  client: Client,
  workflowIds: readonly string[],
  concurrency = 16,
): Promise<string[] | null> {
  const decoder = new PayloadDecoder(client.options.loadedDataConverter);
  const limit = pLimit(concurrency);
  const texts = await Promise.all(
    workflowIds.map((workflowId) =>
      limit(async () => {
        const page = await client.workflowService.getWorkflowExecutionHistory({
          namespace: client.options.namespace,
          execution: { workflowId },
          maximumPageSize: 1,
        });
        const started = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
        const input = (await decoder.first(started?.input?.payloads)) as { request?: { messages?: ChatMessage[] } };
        const messages = input?.request?.messages;
        return Array.isArray(messages) ? lastUserText(messages) : null;
      }).catch(() => null),
    ),
  );
  return texts.every((text) => text !== null) ? (texts as string[]) : null;
}
