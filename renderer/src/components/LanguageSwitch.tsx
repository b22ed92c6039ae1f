import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../shared/i18n/languages';

/** Each language named in itself, so a person finds theirs without reading English. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <nav className="language-switch" aria-label={t('language.choose')}>
      <ul>
        {LANGUAGES.map((language) => (
          <li key={language.code}>
            <button
              type="button"
              className="language-switch__button"
              lang={language.code}
              dir={language.dir}
              aria-pressed={i18n.language === language.code}
              onClick={() => void i18n.changeLanguage(language.code)}
            >
              {language.nativeName}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
