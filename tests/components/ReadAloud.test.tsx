import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { makeTempDir } from '../support/tempDir';
import { setUpKiosk } from '../support/kiosk';
import { renderApp } from './renderApp';

/**
 * The platform's speech synthesis, as a browser with one English voice offers it. jsdom has none;
 * this stands in for the platform only, never for our code.
 */
class FakeSpeech extends EventTarget {
  spoken: { text: string; lang: string }[] = [];
  cancelled = 0;
  constructor(private readonly voices: { lang: string; name: string }[]) {
    super();
  }
  getVoices() {
    return this.voices;
  }
  speak(utterance: { text: string; lang: string }) {
    this.spoken.push({ text: utterance.text, lang: utterance.lang });
  }
  cancel() {
    this.cancelled++;
  }
}

class FakeUtterance {
  voice: unknown = null;
  lang = '';
  onend: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly text: string) {}
}

let dir: ReturnType<typeof makeTempDir>;
let backend: Backend;

beforeEach(async () => {
  dir = makeTempDir();
  backend = createBackend({ dataDir: dir.path, log: () => {} });
  await setUpKiosk(backend);
  Object.assign(globalThis, { SpeechSynthesisUtterance: FakeUtterance });
});
afterEach(() => {
  cleanup();
  Reflect.deleteProperty(globalThis, 'speechSynthesis');
  Reflect.deleteProperty(globalThis, 'SpeechSynthesisUtterance');
  backend.close();
  dir.remove();
});

async function openPotholeService() {
  const user = userEvent.setup();
  await renderApp(backend);
  await user.click(await screen.findByRole('button', { name: /Find a service/ }));
  await user.type(screen.getByLabelText('What do you need help with?'), 'pothole');
  await user.click(await screen.findByRole('button', { name: /Report a pothole/ }));
  await screen.findByRole('heading', { level: 2, name: 'Report a pothole' });
  return user;
}

describe('read aloud', () => {
  it('reads the service details in the screen language when a voice exists, and stops on request', async () => {
    const speech = new FakeSpeech([{ lang: 'en-GB', name: 'English (UK)' }]);
    Object.assign(globalThis, { speechSynthesis: speech });
    const user = await openPotholeService();
    await user.click(screen.getByRole('button', { name: 'Read aloud' }));
    expect(speech.spoken).toHaveLength(1);
    expect(speech.spoken[0]?.lang).toBe('en-GB');
    expect(speech.spoken[0]?.text).toContain('Report a pothole');
    expect(speech.spoken[0]?.text).toContain('Staffordshire County Council');
    await user.click(screen.getByRole('button', { name: 'Stop reading' }));
    expect(speech.cancelled).toBeGreaterThan(0);
  });

  it('is hidden where the platform has no voice for the language', async () => {
    Object.assign(globalThis, { speechSynthesis: new FakeSpeech([{ lang: 'fr-FR', name: 'French' }]) });
    await openPotholeService();
    expect(screen.queryByRole('button', { name: 'Read aloud' })).toBeNull();
  });

  it('is hidden where there is no speech synthesis at all', async () => {
    await openPotholeService();
    expect(screen.queryByRole('button', { name: 'Read aloud' })).toBeNull();
  });
});
