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
