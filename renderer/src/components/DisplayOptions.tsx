import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Contrast, Type } from 'lucide-react';
import { TEXT_SIZES } from '../state/appStore';
import { useApp } from '../state/context';

/** Text size and high contrast, for every body and eye; applied to the whole document. */
export function DisplayOptions() {
  const { t } = useTranslation();
  const display = useApp((s) => s.display);
  const setDisplay = useApp((s) => s.setDisplay);

  useEffect(() => {
    document.documentElement.dataset['textSize'] = display.textSize;
    document.documentElement.dataset['contrast'] = display.highContrast ? 'high' : 'standard';
  }, [display]);

  return (
    <section className="display-options" aria-label={t('display.label')}>
      <div className="display-options__group" role="group" aria-label={t('display.textSize')}>
        <Type aria-hidden="true" className="display-options__icon" />
        {TEXT_SIZES.map((size) => (
          <button
            key={size}
            type="button"
            className={`display-option display-option--${size}`}
            aria-pressed={display.textSize === size}
            onClick={() => setDisplay({ textSize: size })}
          >
            {t(`display.sizes.${size}`)}
          </button>
        ))}
      </div>
      <button
        type="button"
        className="display-option"
        aria-pressed={display.highContrast}
        onClick={() => setDisplay({ highContrast: !display.highContrast })}
      >
        <Contrast aria-hidden="true" className="display-options__icon" />
        {t('display.contrast')}
      </button>
    </section>
  );
}
