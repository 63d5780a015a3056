import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { registryChromiumArgs, registryChromiumPath } from './registry-chromium.js';

/** The Debian/Ubuntu package `chromium`, used when installed. */
export const SYSTEM_CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser to launch, and where it came from (named in failures). */
export type ChromiumChoice = { executablePath: string; args: string[]; source: string };

/**
 * Picks the browser: `SWITCHYARD_BROWSER=registry` forces the npm-shipped one; otherwise
 * `SWITCHYARD_CHROMIUM`, then /usr/bin/chromium, then `chromium` on PATH, then the npm-shipped
 * `@sparticuz/chromium` (a devDependency, so `npm install` alone is enough on Linux x64).
 */
export async function chooseChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  const mode = env.SWITCHYARD_BROWSER || 'auto';
  if (mode !== 'auto' && mode !== 'registry') {
    throw new Error(`SWITCHYARD_BROWSER must be 'auto' or 'registry', not '${mode}'`);
  }
  if (mode === 'auto') {
    if (env.SWITCHYARD_CHROMIUM) {
      if (!isExecutable(env.SWITCHYARD_CHROMIUM)) {
        throw new Error(`SWITCHYARD_CHROMIUM=${env.SWITCHYARD_CHROMIUM} is not an executable file`);
      }
      return { executablePath: env.SWITCHYARD_CHROMIUM, args: CHROMIUM_ARGS, source: 'SWITCHYARD_CHROMIUM' };
    }
    const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean);
    const system = [SYSTEM_CHROMIUM_PATH, ...onPath.map((dir) => join(dir, 'chromium'))].find(isExecutable);
    if (system) return { executablePath: system, args: CHROMIUM_ARGS, source: 'system chromium' };
  }
  const args = [...new Set([...(await registryChromiumArgs()), ...CHROMIUM_ARGS])];
  return { executablePath: await registryChromiumPath(), args, source: '@sparticuz/chromium' };
}

/**
 * Launches headless Chromium through playwright-core (never a download at run time). Playwright gives every
 * non-persistent launch a fresh temporary user-data dir and removes it on close (it refuses a
 * `--user-data-dir` argument). Throws a message naming the browser it tried; suites run it through
 * `setupOrFailEachTest`, so a missing browser fails every browser test instead of skipping them.
 */
export async function launchChromium(): Promise<Browser> {
  let choice: ChromiumChoice;
  try {
    choice = await chooseChromium();
  } catch (error) {
    throw new Error(`browser tests found no Chromium to launch: ${String(error)}`, { cause: error });
  }
  try {
    return await chromium.launch({ executablePath: choice.executablePath, args: choice.args });
  } catch (error) {
    throw new Error(`browser tests could not launch ${choice.source} at ${choice.executablePath}: ${String(error)}`, {
      cause: error,
    });
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
