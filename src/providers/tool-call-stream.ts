import type { ToolCall } from '../policy/types.js';
import type { ModelDelta } from './types.js';

/**
 * Tool calls as a stream assembles them: both wires number a call by its position in the stream (OpenAI's
 * `tool_calls[].index`, Anthropic's content block index), send its id and name first and its arguments as
 * JSON text in pieces. `slots` maps the wire's index to the call's place in `calls`.
 */
export interface ToolCallAssembly {
  calls: ToolCall[];
  slots: Map<number, number>;
  /** Per call: whether its id and name went out as a delta, and how much argument text did. */
  sent: { announced: boolean; argumentsChars: number }[];
}

export function emptyToolCallAssembly(): ToolCallAssembly {
  return { calls: [], slots: new Map(), sent: [] };
}

/** Folds one piece of a call (by the wire's index) into the assembly. */
export function addToolCallPiece(
  assembly: ToolCallAssembly,
  wireIndex: number,
  piece: { id?: string | undefined; name?: string | undefined; argumentsDelta?: string | undefined },
): void {
  let slot = assembly.slots.get(wireIndex);
  if (slot === undefined) {
    slot = assembly.calls.length;
    assembly.slots.set(wireIndex, slot);
    assembly.calls.push({ id: '', name: '', arguments: '' });
    assembly.sent.push({ announced: false, argumentsChars: 0 });
  }
  const call = assembly.calls[slot]!;
  if (piece.id) call.id = piece.id;
  if (piece.name) call.name = piece.name;
  if (piece.argumentsDelta) call.arguments += piece.argumentsDelta;
}

/**
 * The deltas not yet handed on: a call's first delta carries its id and name (once both are known), later
 * ones its new argument text. Marks them sent.
 */
export function unsentToolCallDeltas(assembly: ToolCallAssembly): ModelDelta[] {
  const deltas: ModelDelta[] = [];
  assembly.calls.forEach((call, index) => {
    const sent = assembly.sent[index]!;
    if (!sent.announced) {
      if (call.id === '' || call.name === '') return;
      sent.announced = true;
      sent.argumentsChars = call.arguments.length;
      deltas.push({
        kind: 'tool-call',
        index,
        id: call.id,
        name: call.name,
        ...(call.arguments ? { argumentsDelta: call.arguments } : {}),
      });
      return;
    }
    if (call.arguments.length > sent.argumentsChars) {
      deltas.push({ kind: 'tool-call', index, argumentsDelta: call.arguments.slice(sent.argumentsChars) });
      sent.argumentsChars = call.arguments.length;
    }
  });
  return deltas;
}

/** The finished calls: a call without arguments gets `{}` (Anthropic sends none for a parameterless tool). */
export function finishedToolCalls(assembly: ToolCallAssembly): ToolCall[] {
  return assembly.calls.map((call) => ({ ...call, arguments: call.arguments.trim() === '' ? '{}' : call.arguments }));
}
