import { useEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Volume2, VolumeX } from 'lucide-react';

/** A voice for the language, if the platform has one: the button is hidden where none exists. */
function voiceFor(language: string): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null;
  const base = language.split('-')[0]!.toLowerCase();
  const voices = speechSynthesis.getVoices();
  return voices.find((v) => v.lang.toLowerCase() === language.toLowerCase()) ?? voices.find((v) => v.lang.toLowerCase().startsWith(base)) ?? null;
}

/** Reads a part of the screen aloud with the platform's speech synthesis, in the screen's language. */
export function ReadAloud({ target }: { target: RefObject<HTMLElement | null> }) {
  const { t, i18n } = useTranslation();
  const [, setVoicesSeen] = useState(0);
  const [speaking, setSpeaking] = useState(false);

  useEffect(() => {
    if (typeof speechSynthesis === 'undefined') return;
    // Voices often arrive after the page loads: look again when they do.
    const update = () => setVoicesSeen((n) => n + 1);
    speechSynthesis.addEventListener('voiceschanged', update);
    return () => speechSynthesis.removeEventListener('voiceschanged', update);
  }, []);

  // Leaving the screen or changing language stops the reading.
  useEffect(() => () => {
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
  }, [i18n.language]);

  const voice = voiceFor(i18n.language);
  if (!voice) return null;
  const toggle = () => {
    if (speaking) {
      speechSynthesis.cancel();
      setSpeaking(false);
      return;
    }
    // innerText follows the layout (line breaks between blocks); textContent where it is not implemented.
    const element = target.current;
    const text = (element?.innerText ?? element?.textContent ?? '').trim();
    if (!text) return;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.onend = () => setSpeaking(false);
    utterance.onerror = () => setSpeaking(false);
    speechSynthesis.speak(utterance);
    setSpeaking(true);
  };
  return (
    <button type="button" className="button button--secondary read-aloud" aria-pressed={speaking} onClick={toggle}>
      {speaking ? <VolumeX aria-hidden="true" /> : <Volume2 aria-hidden="true" />}
      {speaking ? t('readAloud.stop') : t('readAloud.start')}
    </button>
  );
}
