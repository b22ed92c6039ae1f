import { useTranslation } from 'react-i18next';
import { findTopic, otherBodyFor } from '../../../shared/directory/topics';

/** Says plainly who deals with a topic and which tier does not ("..., not Cannock Chase District Council"). */
export function RoutingNote({ topicId, named = true }: { topicId: string; named?: boolean }) {
  const { t } = useTranslation();
  const topic = findTopic(topicId);
  if (!topic) return null;
  const [lead, partner] = topic.bodies;
  if (!lead) return null;
  const body = t(`bodies.${lead}`);
  let text: string;
  if (partner) text = t('directory.routingShared', { body, other: t(`bodies.${partner}`) });
  else {
    const other = otherBodyFor(topic.bodies);
    text = other ? t('directory.routing', { body, other: t(`bodies.${other}`) }) : t('directory.routingOnly', { body });
  }
  return (
    <p className="routing">
      {named && <strong>{t(`topics.${topic.id}`)}: </strong>}
      {text}
    </p>
  );
}
