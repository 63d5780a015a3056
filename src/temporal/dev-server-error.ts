/**
 * The embedded Temporal dev server failed to start or died: the message names the binary, every port, the exit
 * code or signal and the server's last log lines, over several lines, all meant for the reader (the CLI prints
 * it whole, not just its first line).
 */
export class DevServerError extends Error {
  override name = 'DevServerError';
}
