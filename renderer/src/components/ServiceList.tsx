import { useTranslation } from 'react-i18next';
import { ChevronRight } from 'lucide-react';
import type { ServiceSummary } from '../../../shared/directory/views';
import { useApp } from '../state/context';
import { contentIn } from './content';

/** Services as large touch cards; each opens the service's details. */
export function ServiceList({ services, label }: { services: readonly ServiceSummary[]; label: string }) {
  const { t } = useTranslation();
  const go = useApp((s) => s.go);
  return (
    <ul className="service-list" aria-label={label}>
      {services.map((service) => (
        <li key={service.id}>
          <button type="button" className="service-card" onClick={() => go({ name: 'service', id: service.id })}>
            <span className="service-card__text">
              <span className="service-card__name" {...contentIn(service.contentLanguage)}>
                {service.name}
              </span>
              <span className="service-card__org">{t('directory.providedBy', { organization: service.organizationName })}</span>
              {service.status === 'temporarily closed' && <span className="tag">{t('directory.temporarilyClosed')}</span>}
              <span className="service-card__description" {...contentIn(service.contentLanguage)}>
                {service.description}
              </span>
            </span>
            <ChevronRight aria-hidden="true" className="service-card__chevron flip-rtl" />
          </button>
        </li>
      ))}
    </ul>
  );
}
