import { useEffect, useId, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../../shared/ipc/result';
import { useKeyboard, type KeyboardTarget } from './keyboardContext';

export interface TextFieldProps {
  readonly label: string;
  readonly hint?: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error?: FieldError | undefined;
  readonly keys?: KeyboardTarget['keys'];
  readonly secret?: boolean;
  readonly maxLength?: number;
  readonly autoComplete?: string;
  readonly name?: string;
  /** Several lines, wrapping, with the characters left counted below. */
  readonly multiline?: boolean;
}

/** A labelled text input with its hint and its error next to it, typed by hand or on the on-screen keyboard. */
export function TextField({ label, hint, value, onChange, error, keys = 'language', secret = false, maxLength, autoComplete = 'off', name, multiline = false }: TextFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const keyboard = useKeyboard();
  const onChangeRef = useRef(onChange);
  useLayoutEffect(() => {
    onChangeRef.current = onChange;
  });
  const { release } = keyboard;
  // The keyboard keeps typing into the last field touched, so tapping a button does not make it
  // vanish mid-tap and move the button away; it lets go when the field leaves the screen.
  useEffect(() => () => release(id), [release, id]);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const countId = multiline && maxLength ? `${id}-count` : undefined;
  const describedBy = [hintId, errorId, countId].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    className: 'field__input',
    dir: keys === 'language' ? 'auto' : 'ltr',
    inputMode: keyboard.visible ? ('none' as const) : keys === 'digits' ? ('numeric' as const) : ('text' as const),
    value,
    maxLength,
    autoComplete,
    spellCheck: false,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  };
  const focus = (element: HTMLInputElement | HTMLTextAreaElement) =>
    keyboard.focus({ id, keys, element, setValue: (v) => onChangeRef.current(v) });

  return (
    <div className={`field${error ? ' field--error' : ''}`}>
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
          {t(`fieldErrors.${error.code}`, { ...error.params })}
        </p>
      )}
      {multiline ? (
        <textarea {...common} rows={4} onChange={(event) => onChange(event.target.value)} onFocus={(event) => focus(event.currentTarget)} />
      ) : (
        <input {...common} type={secret ? 'password' : 'text'} onChange={(event) => onChange(event.target.value)} onFocus={(event) => focus(event.currentTarget)} />
      )}
      {countId && maxLength && (
        <p className="field__count" id={countId} aria-live="polite">
          {t('common.charactersLeft', { count: Math.max(0, maxLength - value.length) })}
        </p>
      )}
    </div>
  );
}
