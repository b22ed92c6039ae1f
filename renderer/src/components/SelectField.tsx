import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../../shared/ipc/result';

export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

export interface SelectGroup {
  readonly label: string;
  readonly options: readonly SelectOption[];
}

/**
 * A labelled drop-down for the desk's keyboard-first forms and filters (type-ahead works); its error
 * sits next to it. Options may come in groups.
 */
export function SelectField({
  label,
  value,
  onChange,
  options = [],
  groups = [],
  error,
  emptyLabel,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options?: readonly SelectOption[];
  groups?: readonly SelectGroup[];
  error?: FieldError | undefined;
  /** Offers "no choice" first, with this text (e.g. "Any status"). */
  emptyLabel?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field field--select${error ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {error && (
        <p className="field__error" id={errorId}>
          {t(`fieldErrors.${error.code}`, { ...error.params })}
        </p>
      )}
      <select id={id} className="field__select" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={errorId}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {groups.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
