import { createClient, type Invoke, type OnestopClient } from '../../shared/ipc/client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host. */
    readonly onestop?: OnestopClient;
  }
}

/**
 * The browser host's invoke: the same calls over loopback HTTP, with the per-run secret the host
 * put in the page and a caller id that lives as long as this page (a reload signs staff out,
 * as it does in Electron).
 */
function browserHostInvoke(secret: string): Invoke {
  const caller = crypto.randomUUID();
  return async (channel, input) => {
    const response = await fetch('/bridge/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-onestop-secret': secret, 'x-onestop-caller': caller },
      body: JSON.stringify({ channel, input }),
    });
    return response.json() as Promise<unknown>;
  };
}

/** The one client the renderer uses, whichever host it runs in. */
export function connectClient(): OnestopClient {
  if (window.onestop) return window.onestop;
  const secret = document.querySelector<HTMLMetaElement>('meta[name="onestop-bridge"]')?.content;
  if (secret) return createClient(browserHostInvoke(secret));
  return createClient(() => Promise.reject(new Error('No app backend: open this page through Electron or the browser host.')));
}
