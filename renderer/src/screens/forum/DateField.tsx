import { useId } from 'react';

/**
 * A labelled date or time, chosen with the system's own picker (a finger or the keyboard, never the
 * on-screen letters), with its error next to it. `error` is already in words.
 */
export function DateField({
  label,
  hint,
  type = 'date',
  value,
  onChange,
  error,
}: {
  label: string;
  hint?: string;
  type?: 'date' | 'time';
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field field--date${error ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
      <input
        id={id}
        className="field__input"
        type={type}
        dir="ltr"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
      />
    </div>
  );
}
