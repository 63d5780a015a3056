#!/usr/bin/env node
// Entry point of the `switchyard` CLI: runs the compiled JavaScript in dist/ (`npm run build`; `npm install`
// in a checkout builds it through `prepare`). A checkout without dist/ falls back to the TypeScript sources
// through tsx, which compiles at every start and is much slower.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
let main;
if (existsSync(compiled)) {
  ({ main } = await import(compiled.href));
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error('switchyard: dist/ is missing; run `npm run build` first');
    process.exit(1);
  }
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv);
