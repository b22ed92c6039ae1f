import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LanguageCode } from '../../../../shared/i18n/languages';
import { BODIES, TOPIC_GROUPS, findTopic } from '../../../../shared/directory/topics';
import type { DirectorySearchResult } from '../../../../shared/directory/views';
import { TextField } from '../../components/TextField';
import { ServiceList } from '../../components/ServiceList';
import { UrgentAdvice } from '../../components/UrgentAdvice';
import { RoutingNote } from '../../components/RoutingNote';
import { SampleNotice } from '../../components/SampleNotice';
import { BackButton } from '../../components/BackButton';
import { BODY_ICONS, GROUP_ICONS } from '../../components/icons';
import { useApp, useClient } from '../../state/context';
import type { LucideIcon } from 'lucide-react';

interface TileChoice {
  readonly key: string;
  readonly icon: LucideIcon;
  readonly label: string;
  readonly open: () => void;
}

/** A grid of large icon tiles, one per way in (a topic, a body). */
function ChoiceTiles({ choices }: { choices: readonly TileChoice[] }) {
  return (
    <ul className="group-tiles">
      {choices.map(({ key, icon: Icon, label, open }) => (
        <li key={key}>
          <button type="button" className="group-tile" onClick={open}>
            <Icon aria-hidden="true" className="group-tile__icon" />
            <span>{label}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Search as you type, or browse by topic or by who provides the service. */
export function FindService() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const go = useApp((s) => s.go);
  const query = useApp((s) => s.directoryQuery);
  const setQuery = useApp((s) => s.setDirectoryQuery);
  const [result, setResult] = useState<{ query: string; value: DirectorySearchResult } | null>(null);

  useEffect(() => {
    const trimmed = query.trim();
    if (trimmed === '') return;
    // Answers can arrive out of order while typing: only the latest query's answer is shown.
    let current = true;
    void client.directory.search({ query: trimmed, language: i18n.language as LanguageCode }).then((answer) => {
      if (current && answer.ok) setResult({ query: trimmed, value: answer.value });
    });
    return () => {
      current = false;
    };
  }, [client, query, i18n.language]);

  const shown = query.trim() === '' ? null : result;
  const topic = shown ? findTopic(shown.value.topicIds[0] ?? '') : undefined;

  return (
    <main className="screen" id="main">
      <BackButton />
      <h2>{t('directory.title')}</h2>
      <SampleNotice />
      <div role="search">
        <TextField label={t('directory.searchLabel')} hint={t('directory.searchHint')} value={query} onChange={setQuery} maxLength={100} name="directory-search" />
      </div>
      {shown && (
        <section aria-live="polite">
          {topic && <UrgentAdvice lines={topic.urgent} />}
          {topic && <RoutingNote topicId={topic.id} />}
          {shown.value.hits.length === 0 ? (
            <p>{t('directory.noResults', { query: shown.query })}</p>
          ) : (
            <>
              <p className="results-count">{t('directory.resultsCount', { count: shown.value.hits.length })}</p>
              <ServiceList services={shown.value.hits} label={t('directory.resultsCount', { count: shown.value.hits.length })} />
            </>
          )}
        </section>
      )}
      <h3>{t('directory.topicsHeading')}</h3>
      <ChoiceTiles
        choices={TOPIC_GROUPS.map((group) => ({ key: group, icon: GROUP_ICONS[group], label: t(`topicGroups.${group}`), open: () => go({ name: 'topicGroup', group }) }))}
      />
      <h3>{t('directory.bodiesHeading')}</h3>
      <ChoiceTiles
        choices={BODIES.map((body) => ({ key: body, icon: BODY_ICONS[body], label: t(`bodyNames.${body}`), open: () => go({ name: 'body', body }) }))}
      />
    </main>
  );
}
