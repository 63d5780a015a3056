import { describe, expect, it } from 'vitest';
import { historyFromJson, historyToJson } from '../../../src/audit/history-json.js';
import { fixtureHistory } from './fixtures.js';

describe('history JSON', () => {
  it('round-trips a recorded history', () => {
    const history = fixtureHistory('drill-503');
    const json = historyToJson(history);
    expect(JSON.parse(json).events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    const again = historyFromJson(json);
    expect(again.events).toHaveLength(history.events!.length);
    expect(historyToJson(again)).toBe(json);
  });

  it('reads the short event type names older CLIs write', () => {
    const json = JSON.parse(historyToJson(fixtureHistory('drill-ok'))) as { events: { eventType: string }[] };
    json.events[0]!.eventType = 'WorkflowExecutionStarted';
    expect(Number(historyFromJson(json).events![0]!.eventType)).toBe(1);
  });

  it('rejects something that is not a history', () => {
    expect(() => historyFromJson({ nope: true })).toThrow(/expected an object with an array of events/);
  });
});
