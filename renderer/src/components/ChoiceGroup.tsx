import { useId } from 'react';

export interface Choice<V extends string> {
  readonly value: V;
  readonly label: string;
  readonly lang?: string;
}

/** Radio buttons as large touch targets: easier than a drop-down on a touchscreen. */
export function ChoiceGroup<V extends string>({
  legend,
  choices,
  value,
  onChange,
  error,
}: {
  legend: string;
  choices: readonly Choice<V>[];
  value: V | '';
  onChange: (value: V) => void;
  error?: string | undefined;
}) {
  const name = useId();
  return (
    <fieldset className={`field choices${error ? ' field--error' : ''}`}>
      <legend className="field__label">{legend}</legend>
      {error && <p className="field__error">{error}</p>}
      <div className="choices__list">
        {choices.map((choice) => (
          <label key={choice.value} className="choice" lang={choice.lang}>
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
            />
            <span>{choice.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
