import { Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, commandModulesFor, registerCommands } from '../../../src/cli/register-commands.js';

describe('lazy command registration', () => {
  it('each module registers exactly the command names the table gives it, in help order', async () => {
    for (const module of COMMAND_MODULES) {
      const program = new Command('switchyard');
      await module.register(program);
      expect(program.commands.map((command) => command.name())).toEqual(module.names);
    }
  });

  it('loads nothing for --version, one module for a named command, all of them otherwise', () => {
    expect(commandModulesFor(['--version'])).toEqual([]);
    expect(commandModulesFor(['-V'])).toEqual([]);
    expect(commandModulesFor(['route', '--help']).map((module) => module.names)).toEqual([['route']]);
    expect(commandModulesFor(['codec', 'keygen']).map((module) => module.names)).toEqual([['codec-server', 'codec']]);
    for (const args of [[], ['--help'], ['help', 'route'], ['rout']]) {
      expect(commandModulesFor(args)).toBe(COMMAND_MODULES);
    }
  });

  it('top-level help lists every command, as before the split', async () => {
    const program = new Command('switchyard');
    await registerCommands(program, ['node', 'switchyard', '--help']);
    expect(program.commands.map((command) => command.name())).toEqual(COMMAND_MODULES.flatMap((m) => m.names));
  });
});
