import type { TFunction } from 'i18next';
import { BODIES, TOPIC_GROUPS, topicsInGroup } from '../../../../shared/directory/topics';
import { ENQUIRY_STATUSES } from '../../../../shared/enquiries/model';
import type { SelectGroup, SelectOption } from '../../components/SelectField';

/** Topics for a drop-down, grouped as on the resident's tiles. */
export function topicGroups(t: TFunction): SelectGroup[] {
  return TOPIC_GROUPS.map((group) => ({
    label: t(`topicGroups.${group}`),
    options: topicsInGroup(group).map((topic) => ({ value: topic.id, label: t(`topics.${topic.id}`) })),
  }));
}

export function bodyOptions(t: TFunction): SelectOption[] {
  return BODIES.map((body) => ({ value: body, label: t(`bodyNames.${body}`) }));
}

export function statusOptions(t: TFunction): SelectOption[] {
  return ENQUIRY_STATUSES.map((status) => ({ value: status, label: t(`enquiryStatus.${status}`) }));
}
