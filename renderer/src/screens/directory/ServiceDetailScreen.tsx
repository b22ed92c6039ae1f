import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Globe, Mail, MapPin, Phone, Printer } from 'lucide-react';
import type { ServiceDetail } from '../../../../shared/directory/views';
import type { AppError } from '../../../../shared/ipc/result';
import type { LanguageCode } from '../../../../shared/i18n/languages';
import { BackButton } from '../../components/BackButton';
import { ErrorSummary } from '../../components/ErrorSummary';
import { OpeningLine } from '../../components/OpeningLine';
import { WeekHours } from '../../components/WeekHours';
import { QrCode } from '../../components/QrCode';
import { SampleNotice } from '../../components/SampleNotice';
import { UrgentAdvice } from '../../components/UrgentAdvice';
import { formatDate } from '../../format';
import { useClient } from '../../state/context';
import { contentIn } from '../../components/content';
import { ReadAloud } from '../../components/ReadAloud';

// Places, phone notes, languages and areas are not translated in the directory.
const ENGLISH = contentIn('en-GB');

/** What a resident takes away: name, first phone number, first address and web address. */
function takeAwayText(service: ServiceDetail): string {
  const place = service.locations[0];
  return [
    service.name,
    service.organizationName,
    service.phones[0]?.number,
    place ? [place.name, ...place.addressLines, place.postalCode].filter(Boolean).join(', ') : null,
    service.url,
  ]
    .filter(Boolean)
    .join('\n');
}

function ageText(service: ServiceDetail, t: TFunction): string | null {
  const { minimumAge: min, maximumAge: max } = service;
  if (min != null && max != null) return t('service.ages', { min, max });
  if (min != null) return t('service.ageFrom', { min });
  if (max != null) return t('service.ageTo', { max });
  return null;
}

export function ServiceDetailScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [service, setService] = useState<ServiceDetail | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const readable = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void client.directory.service({ id, language: i18n.language as LanguageCode }).then((answer) => (answer.ok ? setService(answer.value) : setError(answer.error)));
  }, [client, id, i18n.language]);

  if (!service) {
    return (
      <main className="screen" id="main">
        <BackButton />
        <ErrorSummary error={error} />
      </main>
    );
  }
  const ages = ageText(service, t);
  const checked = t('service.lastChecked', { date: formatDate(service.assuredDate, i18n.language) });

  return (
    <main className="screen service-detail" id="main">
      <BackButton />
      <ReadAloud target={readable} />
      <div ref={readable}>
        <h2 {...contentIn(service.contentLanguage)}>{service.name}</h2>
        <p className="service-detail__org">{t('directory.providedBy', { organization: service.organizationName })}</p>
        <SampleNotice />
        <UrgentAdvice lines={service.urgent} />
        <OpeningLine opening={service.opening} />
        <p className="lead" {...contentIn(service.contentLanguage)}>
          {service.description}
        </p>

        <section>
          <h3>{t('service.contactHeading')}</h3>
          <ul className="contact-list">
            {service.phones.map((phone) => (
              <li key={phone.number}>
                <Phone aria-hidden="true" />
                <span className="visually-hidden">{t('service.phone')}: </span>
                <span className="phone-number" dir="ltr">
                  {phone.number}
                </span>
                {phone.description && (
                  <span className="contact-list__note" {...ENGLISH}>
                    {phone.description}
                  </span>
                )}
              </li>
            ))}
            {service.email && (
              <li>
                <Mail aria-hidden="true" />
                <span className="visually-hidden">{t('service.email')}: </span>
                <span dir="ltr">{service.email}</span>
              </li>
            )}
            {service.url && (
              <li>
                <Globe aria-hidden="true" />
                <span className="visually-hidden">{t('service.website')}: </span>
                <span dir="ltr">{service.url}</span>
              </li>
            )}
          </ul>
        </section>

        {service.locations.length > 0 && (
          <section>
            <h3>{t('service.whereHeading')}</h3>
            {service.locations.map((place) => (
              <div key={place.id} className="place">
                <p className="place__name">
                  <MapPin aria-hidden="true" /> <span {...ENGLISH}>{place.name}</span>
                  {place.isThisShop && <span className="tag tag--here">{t('service.thisShop')}</span>}
                </p>
                <address dir="ltr">{[...place.addressLines, place.postalCode].filter(Boolean).join(', ')}</address>
                {place.transportation && <p {...ENGLISH}>{place.transportation}</p>}
                {place.opening && <OpeningLine opening={place.opening} />}
                {place.week && <WeekHours week={place.week} caption={`${t('service.hoursHeading')}: ${place.name}`} />}
              </div>
            ))}
          </section>
        )}

        {service.week.some((day) => day.openings.length > 0 || day.closedReason) && (
          <section>
            <h3>{t('service.hoursHeading')}</h3>
            <WeekHours week={service.week} caption={t('service.hoursHeading')} />
          </section>
        )}

        {(service.eligibilityDescription || ages) && (
          <section>
            <h3>{t('service.whoHeading')}</h3>
            {service.eligibilityDescription && <p {...contentIn(service.contentLanguage)}>{service.eligibilityDescription}</p>}
            {ages && <p>{ages}</p>}
          </section>
        )}
        {service.feesDescription && (
          <section>
            <h3>{t('service.feesHeading')}</h3>
            <p {...contentIn(service.contentLanguage)}>{service.feesDescription}</p>
          </section>
        )}
        {service.languages.length > 0 && (
          <section>
            <h3>{t('service.languagesHeading')}</h3>
            <p {...ENGLISH}>{service.languages.join(', ')}</p>
          </section>
        )}
        {service.areas.length > 0 && (
          <section>
            <h3>{t('service.areasHeading')}</h3>
            <p {...ENGLISH}>{service.areas.join(', ')}</p>
          </section>
        )}

      </div>
      <section className="take-away">
        <h3>{t('service.qrHeading')}</h3>
        <p>{t('service.qrHint')}</p>
        <QrCode text={takeAwayText(service)} label={t('service.qrLabel', { name: service.name })} />
        <div className="actions">
          <button type="button" className="button" onClick={() => window.print()}>
            <Printer aria-hidden="true" /> {t('service.print')}
          </button>
        </div>
      </section>
      <p className="last-checked">{checked}</p>
    </main>
  );
}
