import type { ZodError } from 'zod';

/** The first few schema problems, one per line, with the path to each. */
export function formatZodIssues(error: ZodError, max = 10): string {
  const lines = error.issues.slice(0, max).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `  - ${where}: ${issue.message}`;
  });
  if (error.issues.length > max) lines.push(`  ... and ${error.issues.length - max} more`);
  return lines.join('\n');
}

/** A store that cannot be used: start-up stops with this, and nothing of the store is changed. */
export class StoreLoadError extends Error {
  constructor(
    public readonly file: string,
    detail: string,
  ) {
    super(
      `The store ${file} cannot be used: ${detail}\n` +
        'The bot has not changed the file. Restore it from a backup, fix it by hand, or move it ' +
        'aside to start again from the seed.',
    );
    this.name = 'StoreLoadError';
  }
}
