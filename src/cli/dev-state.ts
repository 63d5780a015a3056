import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stateDir } from '../temporal/paths.js';

/** What a running `switchyard dev` tells other commands in the same project (.switchyard/dev.json). */
export interface DevState {
  pid: number;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  policy: string;
  policyVersion: string;
  fakeProviderUrl: string | null;
  uiUrl: string | null;
  startedAt: string;
  [extra: string]: unknown;
}

const devStateFile = () => join(stateDir(), 'dev.json');

/** The state of a live `switchyard dev` in this project, or null (none, or its process is gone). */
export function readDevState(): DevState | null {
  const file = devStateFile();
  if (!existsSync(file)) return null;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as DevState;
    process.kill(state.pid, 0);
    return state;
  } catch {
    return null;
  }
}

export function writeDevState(state: DevState): void {
  const file = devStateFile();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}

export function clearDevState(): void {
  rmSync(devStateFile(), { force: true });
}
