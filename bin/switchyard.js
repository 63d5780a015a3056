#!/usr/bin/env node
// Entry point of the `switchyard` CLI. Runs the TypeScript sources through tsx, so a checkout works
// right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
