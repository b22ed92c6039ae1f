import type { ExportFile } from '../../../../shared/forums/model';

/** The bytes of an export: they cross IPC and the browser host's bridge as base64 (JSON carries no bytes). */
export function bytesOf(file: ExportFile): Uint8Array<ArrayBuffer> {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Hands an export to the person as a download: a `blob:` URL of this page clicked through a
 * temporary link. Electron's main process lets exactly such downloads through (security.ts), and a
 * browser saves them as it saves any download, so one way serves both hosts.
 */
export function saveExport(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([bytesOf(file)], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the download reads the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
