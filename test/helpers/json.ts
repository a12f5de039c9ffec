import { z } from 'zod';

const errorBody = z.object({ error: z.string() });

/** The message of a JSON error answer (`{ "error": "..." }`); throws if the body is not one. */
export function errorMessage(body: string): string {
  return errorBody.parse(JSON.parse(body)).error;
}
