import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from '@commander-js/extra-typings';
import { loadPolicyFile } from '../../config/load-policy.js';
import { type DataClassRules, DEFAULT_DATA_CLASS_RULES } from '../../privacy/data-class.js';
import { scanRecordLine } from '../../privacy/scan-record.js';

/**
 * `switchyard privacy scan --input in.jsonl`: one `{"dataClass","findings":[…]}` JSONL line per input line
 * (`{"text"}` or `{"messages"}`), in order, streamed. `--input -` reads standard input. Output is JSONL
 * with or without `--json`.
 */
export function registerPrivacyCommand(program: Command): Command {
  const privacy = program.command('privacy').description('find personal data in text (offline, in-process)');
  privacy
    .command('scan')
    .description('scan JSONL lines ({"text"} or {"messages"}) and print {"dataClass","findings"} per line')
    .requiredOption('--input <file>', 'JSONL file to scan ("-" for standard input)')
    .option('--policy <file>', "use the policy's data-class rules (default: the built-in rules)")
    .option('--json', 'print JSONL (the default and only format)')
    .action(async (options) => {
      const rules = options.policy ? loadPolicyFile(options.policy).policy.privacy : undefined;
      const input = options.input === '-' ? process.stdin : createReadStream(options.input, { encoding: 'utf8' });
      await scanJsonlStream(input, process.stdout, options.input, rules);
    });
  return privacy;
}

/**
 * Streams JSONL from `input` to `output`, one result line per non-blank input line. Throws on the first
 * bad line with `<source> line N: …` (lines already written stay written). Returns the lines written.
 * `rules` (default: DEFAULT_DATA_CLASS_RULES) is where a policy file's privacy section goes.
 */
export async function scanJsonlStream(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  source = 'input',
  rules: DataClassRules = DEFAULT_DATA_CLASS_RULES,
): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  let written = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      let result: ReturnType<typeof scanRecordLine>;
      try {
        result = scanRecordLine(line, lineNumber, { rules });
      } catch (error) {
        throw new Error(`${source === '-' ? 'stdin' : source} ${(error as Error).message}`);
      }
      written++;
      if (!output.write(`${JSON.stringify(result)}\n`)) await once(output, 'drain');
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`input file not found: ${source}`);
    throw error;
  } finally {
    lines.close();
  }
  return written;
}
