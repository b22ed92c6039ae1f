import { useTranslation } from 'react-i18next';
import type { AppError, FieldError } from '../../../shared/ipc/result';

/** An answer refused on the screen before any call (two PINs that differ are never sent). */
export function refusedHere(fields: Record<string, FieldError>): AppError {
  return { code: 'input/invalid', message: 'Checked on the screen before sending.', fields };
}

/** A form's field errors by dotted path: as a FieldError for a TextField, or as words for a ChoiceGroup. */
export function useFieldErrors(error: AppError | null) {
  const { t } = useTranslation();
  const fieldError = (path: string): FieldError | undefined => error?.fields?.[path];
  const fieldText = (path: string): string | undefined => {
    const found = fieldError(path);
    return found && t(`fieldErrors.${found.code}`, { ...found.params });
  };
  return { fieldError, fieldText };
}
