import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Unpacked registry browsers: per checkout, keyed by package version, wiped by `npm ci`. */
const cacheRoot = join(repoRoot, 'node_modules', '.cache', 'switchyard-chromium');

// @sparticuz/chromium unpacks into os.tmpdir(), writes in place and reuses whatever `chromium` file it finds
// there, so two test processes (or one killed mid-way) could hand Chromium a half-written binary. We unpack in
// a child process whose TMPDIR is a private staging dir, then rename that dir into place in one step.
const unpackScript = `
const chromium = (await import('@sparticuz/chromium')).default;
process.stdout.write(await chromium.executablePath());
`;

/**
 * The headless Chromium shipped inside the `@sparticuz/chromium` npm tarball (brotli-compressed, Linux x64
 * only; it links against glibc, libgcc and libexpat alone). Unpacks it on first use (~3 s) and returns its path.
 */
export async function registryChromiumPath(): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `@sparticuz/chromium ships Linux x64 only (this is ${process.platform}-${process.arch}); ` +
        'set SWITCHYARD_CHROMIUM to a Chrome or Chromium executable',
    );
  }
  const finalDir = join(cacheRoot, packageVersion());
  const executable = join(finalDir, 'chromium');
  if (existsSync(executable)) return executable;

  mkdirSync(cacheRoot, { recursive: true });
  const staging = mkdtempSync(`${finalDir}.partial-`);
  try {
    const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', unpackScript], {
      cwd: repoRoot,
      env: { ...process.env, TMPDIR: staging },
    });
    if (stdout !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${stdout}`);
    renameSync(staging, finalDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another process renamed its copy into place first: use that one.
    if (existsSync(executable)) return executable;
    throw new Error(`could not unpack @sparticuz/chromium: ${String(error)}`, { cause: error });
  }
  return executable;
}

/**
 * Flags @sparticuz/chromium recommends, minus those that would break or weaken our tests:
 * `--single-process` (Playwright's browser dies when the first context closes), the web-security and
 * site-isolation switches (the review page tests cookies and same-origin rules), and its
 * `--disable-features`/`--enable-features` (Chromium keeps the last one, which would drop Playwright's).
 */
export async function registryChromiumArgs(): Promise<string[]> {
  const { default: chromium } = await import('@sparticuz/chromium');
  const unwanted =
    /^--(single-process|disable-web-security|allow-running-insecure-content|disable-site-isolation-trials|disable-features=|enable-features=)/;
  return chromium.args.filter((arg) => !unwanted.test(arg));
}

function packageVersion(): string {
  const require = createRequire(import.meta.url);
  // The package's exports hide package.json; its CommonJS entry sits at <package>/build/cjs/index.cjs.
  const packageDir = dirname(dirname(dirname(require.resolve('@sparticuz/chromium'))));
  return (require(join(packageDir, 'package.json')) as { version: string }).version;
}
