import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** What the on-screen keyboard types into: the focused field. */
export interface KeyboardTarget {
  readonly id: string;
  /** Which keys to offer: the language's letters, Latin letters only (usernames, addresses) or digits (PINs). */
  readonly keys: 'language' | 'latin' | 'digits';
  readonly element: HTMLInputElement;
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

export function KeyboardProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [target, setTarget] = useState<KeyboardTarget | null>(null);
  // Remember only that a person hid the keyboard: whether it may show at all follows `enabled`.
  const [hidden, setHidden] = useState(false);
  const focus = useCallback((next: KeyboardTarget) => setTarget(next), []);
  const release = useCallback((id: string) => setTarget((current) => (current?.id === id ? null : current)), []);
  const control = useMemo(
    () => ({ target, visible: enabled && !hidden, focus, release, setVisible: (show: boolean) => setHidden(!show) }),
    [target, hidden, enabled, focus, release],
  );
  return <KeyboardContext.Provider value={control}>{children}</KeyboardContext.Provider>;
}

export function useKeyboard(): KeyboardControl {
  const control = useContext(KeyboardContext);
  if (!control) throw new Error('KeyboardProvider is missing');
  return control;
}
