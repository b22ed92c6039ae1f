import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** How long the "Are you still there?" warning stays before the screen clears (WCAG 2.2.1 asks for at least 20 s). */
export const WARNING_SECONDS = 30;

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Watches for a screen left alone. After `idleSeconds` without a touch or key it warns, with a
 * button to keep going; if nobody answers within WARNING_SECONDS it calls `onTimeout`, which
 * wipes everything entered. Only runs while `active`.
 */
export function IdleGuard({ active, idleSeconds, onTimeout }: { active: boolean; idleSeconds: number; onTimeout: () => void }) {
  const { t } = useTranslation();
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  // Set to the current time whenever watching starts, before anything reads it.
  const lastActivity = useRef(0);
  const onTimeoutRef = useRef(onTimeout);
  useLayoutEffect(() => {
    onTimeoutRef.current = onTimeout;
  });
  const moreTimeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!active) return;
    lastActivity.current = Date.now();
    const markActive = () => {
      lastActivity.current = Date.now();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, markActive, { capture: true, passive: true });
    const timer = setInterval(() => {
      const idleFor = (Date.now() - lastActivity.current) / 1000;
      if (idleFor < idleSeconds) return setSecondsLeft(null);
      const left = Math.ceil(idleSeconds + WARNING_SECONDS - idleFor);
      if (left <= 0) {
        lastActivity.current = Date.now();
        setSecondsLeft(null);
        onTimeoutRef.current();
        return;
      }
      setSecondsLeft(left);
    }, 1000);
    return () => {
      clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, markActive, { capture: true });
      // No warning outlives the watch (e.g. staff signed in, or a new idle time).
      setSecondsLeft(null);
    };
  }, [active, idleSeconds]);

  const warning = secondsLeft !== null;
  useEffect(() => {
    if (warning) moreTimeRef.current?.focus();
  }, [warning]);

  if (!warning) return null;
  return (
    <div className="overlay">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-body">
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-body" aria-live="polite">
          {t('idle.body', { count: secondsLeft })}
        </p>
        <button
          ref={moreTimeRef}
          type="button"
          className="button"
          onClick={() => {
            lastActivity.current = Date.now();
            setSecondsLeft(null);
          }}
        >
          {t('idle.more')}
        </button>
      </div>
    </div>
  );
}
