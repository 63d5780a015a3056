#!/usr/bin/env node
// Second half of `npm run build` (after `tsc -p tsconfig.build.json`): copies the files tsc does not emit
// (.cjs modules loaded by path, JSON read at run time) into dist/, and removes outputs whose source was
// deleted, so an incremental build never ships a stale module.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const SOURCE_DIRS = ['src', 'workflows', 'activities'];
const ASSET = /\.(cjs|json)$/;
const OUTPUT = /(\.d\.ts|\.js)$/;

function walk(directory) {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(directory, entry.name)) : [join(directory, entry.name)],
  );
}

let copied = 0;
let removed = 0;
for (const sourceDir of SOURCE_DIRS) {
  for (const file of walk(join(root, sourceDir)).filter((path) => ASSET.test(path))) {
    const target = join(dist, relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
    copied += 1;
  }
  for (const output of walk(join(dist, sourceDir)).filter((path) => OUTPUT.test(path))) {
    const stem = join(root, relative(dist, output)).replace(OUTPUT, '');
    if (!['.ts', '.tsx'].some((extension) => existsSync(stem + extension))) {
      rmSync(output);
      removed += 1;
    }
  }
}
// The time of the last complete build (test/support/build-if-stale.ts compares sources against it).
writeFileSync(join(dist, '.built'), `${new Date().toISOString()}\n`);
console.log(`build: ${copied} asset(s) copied to dist/${removed ? `, ${removed} stale output(s) removed` : ''}`);
