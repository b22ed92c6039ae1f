import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AGENDA_FORMATS, ExportAudience, ExportRequest, ExportReview, RedactionDecision, ReviewFinding } from '../../../../shared/forums/model';
import type { AppError } from '../../../../shared/ipc/result';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useApp, useClient } from '../../state/context';
import { saveExport } from './download';

/** Agendas and issues are both written as these; an agenda's list and the issues' list differ only in order. */
export type ExportFormat = (typeof AGENDA_FORMATS)[number];

/** An agenda or issues export: the kinds that have an audience and so a review. */
export type AudienceExport = Exclude<ExportRequest, { kind: 'meetings' }>;

/** Characters of a field's text shown on each side of a flagged piece. */
const CONTEXT = 60;

interface Review extends ExportReview {
  readonly format: ExportFormat;
  readonly decisions: Readonly<Record<string, RedactionDecision>>;
}

/** The flagged piece in its field's text, marked, with a little of the text around it. */
function InContext({ finding }: { finding: ReviewFinding }) {
  const start = Math.max(0, finding.start - CONTEXT);
  const end = Math.min(finding.context.length, finding.end + CONTEXT);
  return (
    <p className="finding__context" dir="auto">
      {start > 0 && '… '}
      {finding.context.slice(start, finding.start)}
      <mark>{finding.context.slice(finding.start, finding.end)}</mark>
      {finding.context.slice(finding.end, end)}
      {end < finding.context.length && ' …'}
    </p>
  );
}

/** Where a finding is: an item's number is said as "Item 3"; a reference stands as it is. */
function sourceName(t: TFunction, source: string): string {
  return /^\d+$/.test(source) ? t('forum.agenda.itemNumber', { number: Number(source) }) : source;
}

function FindingRow({ finding, decision, onDecide }: { finding: ReviewFinding; decision: RedactionDecision | undefined; onDecide: (decision: RedactionDecision) => void }) {
  const { t } = useTranslation();
  return (
    <li className={`finding${decision ? ' finding--decided' : ''}`}>
      <p className="finding__what">
        <strong className="tag">{t(`forum.exports.kinds.${finding.kind}`)}</strong>{' '}
        {t('forum.exports.foundIn', { source: sourceName(t, finding.source), field: t(`forum.exports.fields.${finding.field}`) })}
      </p>
      <InContext finding={finding} />
      <div className="finding__choice" role="group" aria-label={t('forum.exports.decisionFor', { text: finding.text })}>
        <button type="button" className="button button--secondary" aria-pressed={decision === 'remove'} onClick={() => onDecide('remove')}>
          {t('forum.exports.remove')}
        </button>
        <button type="button" className="button button--secondary" aria-pressed={decision === 'keep'} onClick={() => onDecide('keep')}>
          {t('forum.exports.keep')}
        </button>
      </div>
    </li>
  );
}

/**
 * Exports for whom they are meant: internal (everything but contact details) at once; public only
 * after the redaction review, where the chair removes or keeps every piece the scrubber flagged
 * (restricted items are left out whatever they decide). The file is saved as a download.
 */
export function ExportPanel({
  heading,
  intro,
  formats,
  build,
}: {
  heading: string;
  intro: string;
  formats: readonly ExportFormat[];
  /** The request for one format and audience, without the chair's decisions. */
  build: (format: ExportFormat, audience: ExportAudience) => AudienceExport;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const load = useApp((s) => s.load);
  const headingId = useId();
  const [audience, setAudience] = useState<ExportAudience>('public');
  const [busy, setBusy] = useState(false);
  const [review, setReview] = useState<Review | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  function failed(answer: AppError) {
    if (answer.code === 'auth/required') void load();
    setError(answer);
  }

  /** Saves the export; null when saved, or the error said. */
  async function exportFile(request: ExportRequest): Promise<AppError | null> {
    const answer = await client.forums.export(request);
    if (!answer.ok) {
      failed(answer.error);
      return answer.error;
    }
    saveExport(answer.value);
    setSaved(answer.value.fileName);
    setError(null);
    return null;
  }

  /** Reads what the scrubber flags; decisions already made for the same pieces are kept. */
  async function startReview(format: ExportFormat, kept: Readonly<Record<string, RedactionDecision>> = {}) {
    const answer = await client.forums.review(build(format, 'public'));
    if (!answer.ok) return failed(answer.error);
    const decisions: Record<string, RedactionDecision> = {};
    for (const finding of answer.value.findings) {
      const earlier = kept[finding.id];
      if (earlier) decisions[finding.id] = earlier;
    }
    setReview({ ...answer.value, format, decisions });
  }

  async function choose(format: ExportFormat) {
    setBusy(true);
    setSaved(null);
    setError(null);
    if (audience === 'internal') {
      setReview(null);
      await exportFile(build(format, 'internal'));
    } else {
      await startReview(format);
    }
    setBusy(false);
  }

  async function exportReviewed() {
    if (!review) return;
    setBusy(true);
    const refused = await exportFile({ ...build(review.format, 'public'), decisions: review.decisions });
    if (!refused) setReview(null);
    // The text changed since the review (someone edited an item): show the findings as they now
    // are, keeping the answers already given, with the error saying why.
    else if (refused.code === 'forums/redaction-unconfirmed') await startReview(review.format, review.decisions);
    setBusy(false);
  }

  const decide = (id: string, decision: RedactionDecision) =>
    setReview((current) => current && { ...current, decisions: { ...current.decisions, [id]: decision } });
  const removeAll = () =>
    setReview((current) => current && { ...current, decisions: Object.fromEntries(current.findings.map((f) => [f.id, 'remove'])) });
  const decided = review ? review.findings.filter((f) => review.decisions[f.id]).length : 0;
  const allDecided = review !== null && decided === review.findings.length;

  return (
    <section className="panel export-panel" aria-labelledby={headingId}>
      <h4 id={headingId}>{heading}</h4>
      <p>{intro}</p>
      <ChoiceGroup
        legend={t('forum.exports.audience')}
        choices={[
          { value: 'internal', label: t('forum.exports.audiences.internal') },
          { value: 'public', label: t('forum.exports.audiences.public') },
        ]}
        value={audience}
        onChange={(value) => {
          setAudience(value);
          setReview(null);
        }}
      />
      <div className="actions export-panel__formats">
        {formats.map((format) => (
          <button key={format} type="button" className="button button--secondary" disabled={busy} onClick={() => void choose(format)}>
            {t(`forum.exports.formats.${format}`)}
          </button>
        ))}
      </div>
      <ErrorSummary error={error} />
      {review && (
        <section className="review" aria-labelledby={`${headingId}-review`}>
          <h5 id={`${headingId}-review`}>{t('forum.exports.reviewHeading', { format: t(`forum.exports.formats.${review.format}`) })}</h5>
          {review.restrictedLeftOut > 0 && <p>{t('forum.exports.restrictedLeftOut', { count: review.restrictedLeftOut })}</p>}
          {review.findings.length === 0 ? (
            <p>{t('forum.exports.nothingFlagged')}</p>
          ) : (
            <>
              <p>{t('forum.exports.reviewIntro')}</p>
              <div className="actions">
                <button type="button" className="button button--secondary" onClick={removeAll}>
                  {t('forum.exports.removeAll')}
                </button>
              </div>
              <ul className="findings">
                {review.findings.map((finding) => (
                  <FindingRow key={finding.id} finding={finding} decision={review.decisions[finding.id]} onDecide={(d) => decide(finding.id, d)} />
                ))}
              </ul>
              <p aria-live="polite">{t('forum.exports.decided', { count: decided, total: review.findings.length })}</p>
            </>
          )}
          <div className="actions">
            <button type="button" className="button" disabled={!allDecided || busy} onClick={() => void exportReviewed()}>
              {t('forum.exports.exportPublic', { format: t(`forum.exports.formats.${review.format}`) })}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setReview(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </section>
      )}
      {saved && (
        <p className="notice" role="status">
          {t('forum.exports.saved', { fileName: saved })}
        </p>
      )}
    </section>
  );
}
