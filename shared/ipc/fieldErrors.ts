import type { z } from 'zod';
import { FIELD_ERROR_CODES, type FieldError, type FieldErrorCode } from './result';

/**
 * Turns zod issues into one field error per dotted path, in words the renderer can translate.
 * The first issue of a field wins: it is the one a person should fix first.
 */
export function fieldErrorsFrom(error: z.ZodError): Record<string, FieldError> {
  const fields: Record<string, FieldError> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    if (fields[path]) continue;
    fields[path] = toFieldError(issue);
  }
  return fields;
}

/** One zod issue as a field error; also used for the problems of a directory import. */
export function toFieldError(issue: z.core.$ZodIssue): FieldError {
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'number') return { code: 'too-small', params: { min } };
      if (issue.origin === 'string' && min <= 1) return { code: 'required' };
      return { code: 'too-short', params: { min } };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      return issue.origin === 'number' ? { code: 'too-large', params: { max } } : { code: 'too-long', params: { max } };
    }
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? { code: 'required' } : { code: 'format' };
    case 'custom':
      // A refinement names its field error code as its message ('required', 'mismatch', ...).
      return (FIELD_ERROR_CODES as readonly string[]).includes(issue.message) ? { code: issue.message as FieldErrorCode } : { code: 'format' };
    default:
      return { code: 'format' };
  }
}
