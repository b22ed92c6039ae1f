import { render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { App } from '../../renderer/src/App';
import { createI18n } from '../../renderer/src/i18n';
import { createAppStore } from '../../renderer/src/state/appStore';
import { ServicesProvider } from '../../renderer/src/state/context';
import { createClient } from '../../shared/ipc/client';
import type { Backend } from '../../electron/backend/backend';

/**
 * Renders the whole renderer against a real backend on a real SQLite file: the client is the same
 * createClient the preload uses, with an invoke that calls the backend directly, as ipcMain would.
 */
export async function renderApp(backend: Backend, caller = 'screen') {
  const client = createClient((channel, input) => backend.dispatch(channel, structuredClone(input), caller));
  const i18n = await createI18n();
  const store = createAppStore(client, i18n);
  const view = render(
    <I18nextProvider i18n={i18n}>
      <ServicesProvider client={client} store={store}>
        <App />
      </ServicesProvider>
    </I18nextProvider>,
  );
  return { ...view, store, i18n, client };
}
