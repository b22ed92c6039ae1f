import { useEffect, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { ImportProblem, ImportReport } from '../../../shared/directory/importReport';
import type { DirectoryInfo } from '../../../shared/directory/views';
import { FIELD_ERROR_CODES, type AppError, type FieldErrorCode } from '../../../shared/ipc/result';
import { ErrorSummary } from '../components/ErrorSummary';
import { useClient } from '../state/context';

const SHOWN_PROBLEMS = 50;

type Chosen = { format: 'json'; fileName: string; content: string } | { format: 'csv'; files: Record<string, string> };

/** Reads what the staff member chose: one JSON file, CSV files, or a zip of CSV files. */
async function readChosen(files: readonly File[]): Promise<Chosen | 'none' | 'mixed'> {
  if (files.length === 0) return 'none';
  const json = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  if (json.length > 0) {
    if (files.length > 1) return 'mixed';
    const [file] = json as [File];
    return { format: 'json', fileName: file.name, content: await file.text() };
  }
  const csv: Record<string, string> = {};
  for (const file of files) {
    if (file.name.toLowerCase().endsWith('.zip')) {
      const entries = unzipSync(new Uint8Array(await file.arrayBuffer()));
      for (const [name, bytes] of Object.entries(entries)) {
        const base = name.split('/').pop() ?? name;
        if (base.toLowerCase().endsWith('.csv')) csv[base] = strFromU8(bytes);
      }
    } else {
      csv[file.name] = await file.text();
    }
  }
  return { format: 'csv', files: csv };
}

function save(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function ProblemLine({ problem }: { problem: ImportProblem }) {
  const { t, i18n } = useTranslation();
  const where =
    problem.row !== null && problem.field !== null
      ? t('staffDirectory.where.field', { file: problem.file, row: problem.row, field: problem.field })
      : problem.row !== null
        ? t('staffDirectory.where.row', { file: problem.file, row: problem.row })
        : problem.field !== null
          ? t('staffDirectory.where.fileField', { file: problem.file, field: problem.field })
          : t('staffDirectory.where.file', { file: problem.file });
  // An import's own wording wins ("mismatch" means something else on a PIN form); field checks say the rest.
  const ownWording = `staffDirectory.problems.${problem.code}`;
  const message =
    i18n.exists(ownWording) || !(FIELD_ERROR_CODES as readonly string[]).includes(problem.code)
      ? t(ownWording, { ...problem.params })
      : t(`fieldErrors.${problem.code as FieldErrorCode}`, { ...problem.params });
  return (
    <li>
      <strong dir="auto">{where}:</strong> {message}
    </li>
  );
}

/** Staff see what the directory holds, replace it from ORUK files, and save a copy. */
export function StaffDirectory() {
  const { t } = useTranslation();
  const client = useClient();
  const [info, setInfo] = useState<DirectoryInfo | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = () => void client.directory.info().then((answer) => answer.ok && setInfo(answer.value));
  useEffect(refresh, [client]);

  async function runImport() {
    setNotice(null);
    setReport(null);
    setError(null);
    const chosen = await readChosen(files);
    if (chosen === 'none') return setNotice(t('staffDirectory.noFiles'));
    if (chosen === 'mixed') return setNotice(t('staffDirectory.mixedFiles'));
    setBusy(true);
    const answer = await client.directory.import(chosen);
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setReport(answer.value);
    if (answer.value.ok) refresh();
  }

  async function runExport(format: 'json' | 'csv') {
    setError(null);
    const answer = await client.directory.export({ format });
    if (!answer.ok) return setError(answer.error);
    if (format === 'json') {
      const [file] = answer.value;
      if (file) save(file.name, file.content, 'application/json');
    } else {
      const zip = zipSync(Object.fromEntries(answer.value.map((f) => [f.name, strToU8(f.content)])));
      save('onestop-directory-csv.zip', zip, 'application/zip');
    }
    setNotice(t('staffDirectory.exported', { count: 1 }));
  }

  return (
    <section className="panel staff-directory" aria-labelledby="staff-directory-heading">
      <h3 id="staff-directory-heading">{t('staffDirectory.heading')}</h3>
      {info && <p>{t('staffDirectory.count', { count: info.services })}</p>}
      {info?.sample && <p className="sample-notice">{t('staffDirectory.sampleLoaded')}</p>}
      <ErrorSummary error={error} />

      <h4>{t('staffDirectory.importHeading')}</h4>
      <p className="field__hint">{t('staffDirectory.importHint')}</p>
      <div className="field">
        <label className="field__label" htmlFor="directory-files">
          {t('staffDirectory.chooseFiles')}
        </label>
        <input
          id="directory-files"
          className="file-input"
          type="file"
          multiple
          accept=".json,.csv,.zip,application/json,text/csv,application/zip"
          onChange={(event: ChangeEvent<HTMLInputElement>) => setFiles([...(event.target.files ?? [])])}
        />
      </div>
      <div className="actions">
        <button type="button" className="button" disabled={busy} onClick={() => void runImport()}>
          {busy ? t('staffDirectory.importing') : t('staffDirectory.import')}
        </button>
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {report?.ok && (
        <p className="notice" role="status">
          {t('staffDirectory.imported', { created: report.created, updated: report.updated })}
        </p>
      )}
      {report && !report.ok && (
        <div className="error-summary" role="alert">
          <p>{t('staffDirectory.failed', { count: report.errors.length })}</p>
          <ul className="problems">
            {report.errors.slice(0, SHOWN_PROBLEMS).map((problem, index) => (
              <ProblemLine key={index} problem={problem} />
            ))}
          </ul>
          {report.errors.length > SHOWN_PROBLEMS && <p>{t('staffDirectory.more', { count: report.errors.length - SHOWN_PROBLEMS })}</p>}
        </div>
      )}

      <h4>{t('staffDirectory.exportHeading')}</h4>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={() => void runExport('json')}>
          {t('staffDirectory.exportJson')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => void runExport('csv')}>
          {t('staffDirectory.exportCsv')}
        </button>
      </div>
    </section>
  );
}
