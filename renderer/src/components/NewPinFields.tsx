import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../../shared/ipc/result';
import { TextField } from './TextField';

/** A new PIN typed twice on the digit keys, each with its error next to it. */
export function NewPinFields({
  label,
  hint,
  pin,
  onPin,
  confirm,
  onConfirm,
  pinError,
  confirmError,
}: {
  label: string;
  hint: string;
  pin: string;
  onPin: (value: string) => void;
  confirm: string;
  onConfirm: (value: string) => void;
  pinError: FieldError | undefined;
  confirmError: FieldError | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField label={label} hint={hint} value={pin} onChange={onPin} keys="digits" secret maxLength={12} autoComplete="new-password" error={pinError} />
      <TextField label={t('setup.pinConfirm')} value={confirm} onChange={onConfirm} keys="digits" secret maxLength={12} autoComplete="new-password" error={confirmError} />
    </>
  );
}
