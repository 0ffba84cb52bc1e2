/**
 * @module config/read-json-file — one optional JSON configuration file, checked against its schema.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ZodType } from 'zod';
import { ConfigError, formatPath } from './config-error.js';

/** The file's validated content, or undefined when it does not exist; a ConfigError naming `label` otherwise. */
export function readOptionalJsonFile<T>(file: string, schema: ZodType<T>, label: string = file): T | undefined {
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([{ file: label, path: '', message: `cannot read JSON: ${(error as Error).message}` }]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => ({ file: label, path: formatPath(i.path), message: i.message })));
  return parsed.data;
}
