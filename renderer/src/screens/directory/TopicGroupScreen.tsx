import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LanguageCode } from '../../../../shared/i18n/languages';
import { URGENT_LINES, topicsInGroup, type TopicGroup } from '../../../../shared/directory/topics';
import type { ServiceSummary } from '../../../../shared/directory/views';
import type { AppError } from '../../../../shared/ipc/result';
import { ServiceList } from '../../components/ServiceList';
import { UrgentAdvice } from '../../components/UrgentAdvice';
import { RoutingNote } from '../../components/RoutingNote';
import { SampleNotice } from '../../components/SampleNotice';
import { BackButton } from '../../components/BackButton';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useClient } from '../../state/context';

/** One tile's topics, each with who deals with it, urgent advice first, and its services. */
export function TopicGroupScreen({ group }: { group: TopicGroup }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [services, setServices] = useState<readonly ServiceSummary[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const topics = topicsInGroup(group);
  // Most urgent first: 999 before 101 before 111.
  const urgent = URGENT_LINES.filter((line) => topics.some((topic) => topic.urgent.includes(line)));

  useEffect(() => {
    void client.directory.browse({ group, language: i18n.language as LanguageCode }).then((answer) => (answer.ok ? setServices(answer.value) : setError(answer.error)));
  }, [client, group, i18n.language]);

  return (
    <main className="screen" id="main">
      <BackButton />
      <h2>{t(`topicGroups.${group}`)}</h2>
      <SampleNotice />
      <UrgentAdvice lines={urgent} />
      <ErrorSummary error={error} />
      {topics.map((topic) => {
        const forTopic = (services ?? []).filter((s) => s.topicIds.includes(topic.id));
        return (
          <section key={topic.id} className="topic-section">
            <h3>{t(`topics.${topic.id}`)}</h3>
            <RoutingNote topicId={topic.id} named={false} />
            {services && forTopic.length === 0 && <p>{t('directory.noServices')}</p>}
            {forTopic.length > 0 && <ServiceList services={forTopic} label={t('directory.servicesFor', { topic: t(`topics.${topic.id}`) })} />}
          </section>
        );
      })}
    </main>
  );
}
