import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Forum, Unit } from '../../../../shared/domain/units';
import { SelectField } from '../../components/SelectField';
import { useApp, useClient } from '../../state/context';

/** Each forum once, in the order of the units (two units could share a forum). */
function forumsOf(units: readonly Unit[]): readonly Forum[] {
  return [...new Map(units.map((unit) => [unit.forum.id, unit.forum])).values()];
}

export interface WorkingForum {
  /** The forum being worked on, or null while the forums are read (or, for a chair, when their account names none). */
  readonly forum: Forum | null;
  readonly forums: readonly Forum[];
  /** An administrator picks any forum; a chair works on their own only. */
  readonly canChoose: boolean;
  /** The signed-in chair's account names no forum. */
  readonly noForum: boolean;
}

/**
 * The forum the forum and agenda tabs work on: a chair's own (their session says which), or the one
 * an administrator chose (kept in the store, so both tabs agree), this kiosk's own until they choose.
 * The backend checks the same again on every call.
 */
export function useWorkingForum(): WorkingForum {
  const client = useClient();
  const staff = useApp((s) => s.staff);
  const choice = useApp((s) => s.forumChoice);
  const here = useApp((s) => (s.phase.name === 'ready' ? s.phase.kiosk.unit.forum.id : null));
  const [forums, setForums] = useState<readonly Forum[]>([]);

  useEffect(() => {
    void client.units.list().then((answer) => answer.ok && setForums(forumsOf(answer.value)));
  }, [client]);

  const canChoose = staff?.role === 'admin';
  if (!canChoose) {
    const id = staff?.forumId ?? null;
    if (id === null) return { forum: null, forums, canChoose, noForum: true };
    // The name comes with the units; until they are read the id stands in.
    return { forum: forums.find((forum) => forum.id === id) ?? { id, name: id }, forums, canChoose, noForum: false };
  }
  const chosen = forums.find((forum) => forum.id === choice) ?? forums.find((forum) => forum.id === here) ?? forums[0] ?? null;
  return { forum: chosen, forums, canChoose, noForum: false };
}

/** Which forum: a drop-down for an administrator, the forum's name for a chair. */
export function ForumPicker({ working }: { working: WorkingForum }) {
  const { t } = useTranslation();
  const setChoice = useApp((s) => s.setForumChoice);
  if (working.noForum) {
    return (
      <p className="error-summary" role="alert">
        {t('forum.noForum')}
      </p>
    );
  }
  if (!working.forum) return <p>{t('app.loading')}</p>;
  if (!working.canChoose) return <p className="forum-name">{working.forum.name}</p>;
  return (
    <div className="forum-picker">
      <SelectField
        label={t('forum.picker')}
        value={working.forum.id}
        onChange={setChoice}
        options={working.forums.map((forum) => ({ value: forum.id, label: forum.name }))}
      />
    </div>
  );
}
