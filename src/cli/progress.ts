import cliProgress from 'cli-progress';

/** A progress bar on a terminal, plain lines every 10 % elsewhere (CI logs), or nothing. */
export function createProgress(total: number, mode: 'auto' | 'silent') {
  if (mode === 'silent') return { update: (_done: number) => undefined, stop: () => undefined };
  if (process.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: '  routing [{bar}] {value}/{total} requests  {duration_formatted}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done: number) => bar.update(done), stop: () => bar.stop() };
  }
  let shown = 0;
  return {
    update: (done: number) => {
      const tenth = Math.floor((done / total) * 10);
      if (tenth > shown) {
        shown = tenth;
        console.log(`  routed ${done}/${total} requests`);
      }
    },
    stop: () => undefined,
  };
}
