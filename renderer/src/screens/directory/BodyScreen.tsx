import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LanguageCode } from '../../../../shared/i18n/languages';
import type { Body } from '../../../../shared/directory/topics';
import type { ServiceSummary } from '../../../../shared/directory/views';
import type { AppError } from '../../../../shared/ipc/result';
import { ServiceList } from '../../components/ServiceList';
import { SampleNotice } from '../../components/SampleNotice';
import { BackButton } from '../../components/BackButton';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useClient } from '../../state/context';

export function BodyScreen({ body }: { body: Body }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [services, setServices] = useState<readonly ServiceSummary[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    void client.directory.browse({ body, language: i18n.language as LanguageCode }).then((answer) => (answer.ok ? setServices(answer.value) : setError(answer.error)));
  }, [client, body, i18n.language]);

  const heading = t('directory.servicesBy', { body: t(`bodyNames.${body}`) });
  return (
    <main className="screen" id="main">
      <BackButton />
      <h2>{heading}</h2>
      <SampleNotice />
      <ErrorSummary error={error} />
      {services && services.length === 0 && <p>{t('directory.noServices')}</p>}
      {services && services.length > 0 && <ServiceList services={services} label={heading} />}
    </main>
  );
}
