import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LEDGER } from '../../../../shared/domain/privacy';
import { ReadAloud } from '../../components/ReadAloud';
import { useKeepText } from '../../components/PrivacyNote';
import { useApp } from '../../state/context';
import '../../components/PrivacyNote.css';

/**
 * "Your data and why we hold it": every line of the purpose and consent ledger in plain words
 * (what, why, how long, who sees it, where it goes) and how to ask for a copy or deletion. Opened
 * from the raise-an-issue steps (Back returns to the same step, answers kept) and from home.
 */
export function PrivacyPage() {
  const { t } = useTranslation();
  const back = useApp((s) => s.back);
  const keep = useKeepText();
  const readable = useRef<HTMLDivElement>(null);
  return (
    <main className="screen" id="main">
      <div ref={readable}>
        <h2>{t('raise.privacy.page.title')}</h2>
        <p>{t('raise.privacy.page.intro')}</p>
        <ul className="privacy-ledger" aria-label={t('raise.privacy.page.title')}>
          {LEDGER.map((line) => (
            <li key={line.data} className="panel privacy-notice" data-ledger={line.data}>
              <h3>{t(`raise.privacy.items.${line.data}.what`)}</h3>
              <dl className="facts">
                <div>
                  <dt>{t('raise.privacy.page.why')}</dt>
                  <dd>
                    {t(`raise.privacy.items.${line.data}.why`)} {t(`raise.privacy.basis.${line.basis}`)}
                  </dd>
                </div>
                <div>
                  <dt>{t('raise.privacy.page.howLong')}</dt>
                  <dd>{keep(line.retention)}</dd>
                </div>
                <div>
                  <dt>{t('raise.privacy.page.seenBy')}</dt>
                  <dd>{line.seenBy.map((audience) => t(`raise.privacy.audience.${audience}`)).join(t('raise.privacy.page.and'))}</dd>
                </div>
                <div>
                  <dt>{t('raise.privacy.page.goesTo')}</dt>
                  <dd>{t(line.toHub ? 'raise.privacy.where.hub' : 'raise.privacy.where.here')}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
        <section className="panel">
          <h3>{t('raise.privacy.page.askHeading')}</h3>
          <p>{t('raise.privacy.page.ask')}</p>
          <p>{t('raise.privacy.page.askReference')}</p>
        </section>
      </div>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={back}>
          {t('common.back')}
        </button>
      </div>
      <ReadAloud target={readable} />
    </main>
  );
}
