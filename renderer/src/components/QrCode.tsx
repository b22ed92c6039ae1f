import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/**
 * A QR code made on the kiosk (no network): what a resident takes away on their phone. It carries
 * only public information (a service's details, an issue's reference), never anything a person typed.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((made) => {
      if (current) setSvg(made);
    });
    return () => {
      current = false;
    };
  }, [text]);
  if (!svg) return null;
  return <img className="qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} alt={label} width={220} height={220} />;
}
