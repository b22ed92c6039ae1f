import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** What the on-screen keyboard types into: the focused field. */
export interface KeyboardTarget {
  readonly id: string;
  /** Which keys to offer: the language's letters, Latin letters only (usernames, addresses) or digits (PINs). */
  readonly keys: 'language' | 'latin' | 'digits';
  readonly element: HTMLInputElement | HTMLTextAreaElement;
  readonly setValue: (value: string) => void;
}

interface KeyboardControl {
  readonly target: KeyboardTarget | null;
  readonly visible: boolean;
  readonly focus: (target: KeyboardTarget) => void;
  readonly release: (id: string) => void;
  readonly setVisible: (visible: boolean) => void;
}

const KeyboardContext = createContext<KeyboardControl | null>(null);

/**
 * `showByDefault` is true on the resident touchscreen. A desk PC has a real keyboard, so there the
 * on-screen one waits behind a "Show keyboard" button for a touch-only user; a person's choice wins.
 */
export function KeyboardProvider({ showByDefault, children }: { showByDefault: boolean; children: ReactNode }) {
  const [target, setTarget] = useState<KeyboardTarget | null>(null);
  const [choice, setChoice] = useState<boolean | null>(null);
  const focus = useCallback((next: KeyboardTarget) => setTarget(next), []);
  const release = useCallback((id: string) => setTarget((current) => (current?.id === id ? null : current)), []);
  const control = useMemo(
    () => ({ target, visible: choice ?? showByDefault, focus, release, setVisible: setChoice }),
    [target, choice, showByDefault, focus, release],
  );
  return <KeyboardContext.Provider value={control}>{children}</KeyboardContext.Provider>;
}

export function useKeyboard(): KeyboardControl {
  const control = useContext(KeyboardContext);
  if (!control) throw new Error('KeyboardProvider is missing');
  return control;
}
