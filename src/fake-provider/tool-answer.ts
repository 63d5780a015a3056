import { randomUUID } from 'node:crypto';
import { answerFor, shortHash } from './answers.js';
import { sampleForSchema } from './sample-for-schema.js';
import type { FakeToolCall, ParsedRequest } from './wire-types.js';

/**
 * The tool calls an eager fake model makes: when tools are offered (and not disabled) and the last turn is
 * not a tool result, it calls the forced tool, else the first one, with arguments sampled from the tool's
 * parameters schema; with `parallel` > 1 (and parallel calls allowed) it makes that many calls, cycling
 * through the offered tools. Null when it answers in text.
 */
export function fakeToolCalls(request: ParsedRequest, parallel: number): FakeToolCall[] | null {
  const { tools } = request;
  if (tools.tools.length === 0 || tools.toolsDisabled || tools.lastResult !== null) return null;
  const forced = tools.tools.find((tool) => tool.name === tools.forcedTool);
  const count = forced || !tools.parallelAllowed ? 1 : Math.max(1, Math.floor(parallel));
  return Array.from({ length: count }, (_, index) => {
    const tool = forced ?? tools.tools[index % tools.tools.length]!;
    const value = sampleForSchema(tool.parameters ?? { type: 'object', properties: {} }, `sample ${index + 1}`);
    const args = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
    return {
      id: `call_fake_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      name: tool.name,
      arguments: JSON.stringify(args),
    };
  });
}

/**
 * The text answer after a tool result: names the call it read and a reference to its text (never the text
 * itself, so tests can tell the model saw the result without the fake echoing personal data).
 */
export function toolResultText(request: ParsedRequest, requestKey: string): string | null {
  const result = request.tools.lastResult;
  if (result === null) return null;
  if (request.wantsJson) return answerFor(request.model, requestKey, true, request.jsonSchema);
  return (
    `Thanks, I read the result of tool call ${result.callId} (ref ${shortHash(result.text).slice(0, 8)}). ` +
    `This is a simulated answer from model ${request.model}.`
  );
}
