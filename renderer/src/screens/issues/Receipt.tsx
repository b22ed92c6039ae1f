import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Printer } from 'lucide-react';
import type { EnquiryReceipt } from '../../../../shared/enquiries/model';
import { QrCode } from '../../components/QrCode';
import { ReadAloud } from '../../components/ReadAloud';
import { formatDay } from '../../format';
import { useApp } from '../../state/context';

/**
 * The end of raising an issue: the reference large, as a QR code, and on a printed slip. It holds
 * nothing the resident typed, so it is safe to leave on the screen or in the printer tray.
 */
export function Receipt({ receipt, unitName }: { receipt: EnquiryReceipt; unitName: string }) {
  const { t, i18n } = useTranslation();
  const go = useApp((s) => s.go);
  const readable = useRef<HTMLDivElement>(null);
  return (
    <main className="screen receipt" id="main">
      <div ref={readable} className="receipt__slip">
        <h2>{t('receipt.title')}</h2>
        <p>{t('receipt.sent', { forum: receipt.forumName })}</p>
        <p className="receipt__label">{t('receipt.referenceLabel')}</p>
        <p className="receipt__reference" dir="ltr">
          {receipt.reference}
        </p>
        <QrCode text={receipt.reference} label={t('receipt.qrLabel', { reference: receipt.reference })} />
        <p>{t('receipt.keep', { unit: unitName })}</p>
        <p>{t('receipt.raisedOn', { date: formatDay(receipt.createdAt, i18n.language) })}</p>
      </div>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={() => window.print()}>
          <Printer aria-hidden="true" />
          {t('receipt.print')}
        </button>
        <ReadAloud target={readable} />
        <button type="button" className="button" onClick={() => go({ name: 'home' })}>
          {t('receipt.done')}
        </button>
      </div>
    </main>
  );
}
