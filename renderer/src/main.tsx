import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-nastaliq-urdu/400.css';
import '@fontsource/noto-nastaliq-urdu/700.css';
import '@fontsource/noto-sans-gurmukhi/400.css';
import '@fontsource/noto-sans-gurmukhi/700.css';
import './styles.css';
import { App } from './App';
import { connectClient } from './bridge';
import { createI18n } from './i18n';
import { createAppStore } from './state/appStore';
import { ServicesProvider } from './state/context';

// The CSP forbids eval: tell zod not to probe for it.
z.config({ jitless: true });

async function start(): Promise<void> {
  const i18n = await createI18n();
  const client = connectClient();
  const store = createAppStore(client, i18n);
  const root = document.getElementById('root');
  if (!root) throw new Error('No #root element in index.html');
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <ServicesProvider client={client} store={store}>
          <App />
        </ServicesProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}

void start();
