import { z } from 'zod';
import { lessonSchema } from '../src/lessons/schema';
import { commandSchema } from '../src/protocol/commands';

/** The JSON Schema files `isolab schemas` writes, by file name. */
export function exportSchemas(): Record<string, string> {
  return {
    'lesson.schema.json': render(lessonSchema),
    'command.schema.json': render(commandSchema),
  };
}

/**
 * `io: 'input'` describes what a file may contain (defaults optional), not the parsed result.
 * Refinements that JSON Schema can't express (cross-field checks) stay in the app's validator;
 * `unrepresentable: 'any'` keeps an export from failing on them.
 */
function render(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  return `${JSON.stringify(json, null, 2)}\n`;
}
