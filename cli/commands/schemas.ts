import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectPositionals, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { resolvePath } from '../files';
import { exportSchemas } from '../json-schemas';

const USAGE = 'isolab schemas [--out DIR]';

export const schemasCommand: CliCommand = {
  name: 'schemas',
  summary: 'export the lesson and protocol schemas as JSON Schema (default: ./schemas)',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, { out: 'string' }, 'schemas');
    expectPositionals(parsed, 0, USAGE);
    const dir = resolvePath(io.cwd, parsed.values.get('out') ?? 'schemas');
    try {
      mkdirSync(dir, { recursive: true });
      for (const [name, text] of Object.entries(exportSchemas())) {
        writeFileSync(join(dir, name), text);
        io.out(`wrote ${join(dir, name)}`);
      }
    } catch (error) {
      throw new UsageError(`schemas: cannot write to ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    return 0;
  },
};
