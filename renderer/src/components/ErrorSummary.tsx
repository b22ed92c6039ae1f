import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../shared/ipc/result';

/** The error of a failed call, in the person's language, announced to screen readers. */
export function ErrorSummary({ error }: { error: AppError | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  const text =
    error.retryAfterSeconds !== undefined
      ? t(`errors.${error.code}`, { count: error.retryAfterSeconds })
      : t(`errors.${error.code}`);
  return (
    <div className="error-summary" role="alert">
      <p>{text}</p>
    </div>
  );
}
