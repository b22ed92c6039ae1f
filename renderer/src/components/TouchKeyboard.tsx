import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import Keyboard from 'react-simple-keyboard';
import 'react-simple-keyboard/build/css/index.css';
import english from 'simple-keyboard-layouts/build/layouts/english';
import urdu from 'simple-keyboard-layouts/build/layouts/urdu';
import polish from 'simple-keyboard-layouts/build/layouts/polish';
import punjabi from 'simple-keyboard-layouts/build/layouts/punjabi';
import { useKeyboard, type KeyboardTarget } from './keyboardContext';

type Layout = Record<string, string[]>;

const DIGITS: Layout = { default: ['1 2 3', '4 5 6', '7 8 9', '{bksp} 0 {enter}'] };

/** Romanian standard layout (SR 13392), with ă â î ș ț (comma below) on their own keys. */
const ROMANIAN: Layout = {
  default: [
    '„ 1 2 3 4 5 6 7 8 9 0 - = {bksp}',
    '{tab} q w e r t y u i o p ă î',
    '{lock} a s d f g h j k l ș ț â {enter}',
    '{shift} z x c v b n m , . / {shift}',
    '.com @ {space}',
  ],
  shift: [
    '” ! @ # $ % ^ & * ( ) _ + {bksp}',
    '{tab} Q W E R T Y U I O P Ă Î',
    '{lock} A S D F G H J K L Ș Ț Â {enter}',
    '{shift} Z X C V B N M ; : ? {shift}',
    '.com @ {space}',
  ],
};

/** Layouts mark empty places with "{//}": drop them so no key types nothing. */
function withoutBlanks(layout: Layout): Layout {
  return Object.fromEntries(
    Object.entries(layout).map(([name, rows]) => [name, rows.map((row) => row.split(' ').filter((key) => key !== '{//}' && key !== '').join(' '))]),
  );
}

/** Letters by language; a language without its own layout gets the English one. */
const LETTERS: Record<string, Layout> = {
  'en-GB': english.layout,
  pl: polish.layout,
  ro: ROMANIAN,
  pa: withoutBlanks(punjabi.layout),
  ur: urdu.layout,
};

function layoutFor(target: KeyboardTarget | null, language: string): Layout {
  if (target?.keys === 'digits') return DIGITS;
  if (target?.keys === 'latin') return english.layout;
  return LETTERS[language] ?? english.layout;
}

/** Types `text` at the caret of the focused field, the way a physical key press would. */
function insertAtCaret(target: KeyboardTarget, text: string | null): void {
  const { element } = target;
  if (document.activeElement !== element) element.focus({ preventScroll: true });
  const value = element.value;
  const start = element.selectionStart ?? value.length;
  const end = element.selectionEnd ?? value.length;
  let next: string;
  let caret: number;
  if (text === null) {
    if (start === end && start === 0) return;
    const from = start === end ? start - 1 : start;
    next = value.slice(0, from) + value.slice(end);
    caret = from;
  } else {
    next = value.slice(0, start) + text + value.slice(end);
    caret = start + text.length;
  }
  if (element.maxLength > 0 && next.length > element.maxLength) return;
  target.setValue(next);
  requestAnimationFrame(() => element.setSelectionRange(caret, caret));
}

/**
 * The on-screen keyboard for touch-only use. It types into whichever field has focus, never takes
 * focus itself, and follows the chosen language (digits only for PINs).
 */
export function TouchKeyboard() {
  const { t, i18n } = useTranslation();
  const { target, visible, setVisible, release } = useKeyboard();
  const layoutName = useRef<'default' | 'shift' | 'lock'>('default');
  const keyboardRef = useRef<{ setOptions(options: object): void } | null>(null);

  // The keyboard sits over the bottom of the screen: lift the field being typed into above it, also
  // once the keys have been drawn (simple-keyboard draws them after mounting) or the layout changes.
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    const keyboard = section.current;
    // The whole field: its characters-left count and error sit below the input.
    const field = target?.element.closest('.field') ?? target?.element;
    if (!keyboard || !field) return;
    const lift = () => {
      const hidden = field.getBoundingClientRect().bottom - keyboard.getBoundingClientRect().top;
      if (hidden > 0) window.scrollBy({ top: hidden + 16 });
    };
    lift();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(lift);
    observer.observe(keyboard);
    return () => observer.disconnect();
  }, [target, visible]);

  useEffect(() => {
    layoutName.current = 'default';
    keyboardRef.current?.setOptions({ layoutName: 'default' });
  }, [target?.id, i18n.language]);

  if (!target) return null;
  if (!visible) {
    return (
      <div className="keyboard-bar">
        <button type="button" className="button button--secondary" onPointerDown={(e) => e.preventDefault()} onClick={() => setVisible(true)}>
          {t('keyboard.show')}
        </button>
      </div>
    );
  }

  const onKeyPress = (button: string) => {
    switch (button) {
      case '{bksp}':
        return insertAtCaret(target, null);
      case '{space}':
        return insertAtCaret(target, ' ');
      case '{tab}':
      case '{enter}':
        target.element.blur();
        return release(target.id);
      case '{shift}':
      case '{lock}': {
        layoutName.current = layoutName.current === 'default' ? 'shift' : 'default';
        return keyboardRef.current?.setOptions({ layoutName: layoutName.current });
      }
      default:
        // Any other {named} key is a control this keyboard does not offer; ".com" types its whole label.
        if (/^\{.+\}$/.test(button)) return;
        return insertAtCaret(target, button);
    }
  };

  return (
    <section ref={section} className="keyboard" aria-label={t('keyboard.label')} dir="ltr" onPointerDown={(e) => e.preventDefault()}>
      <div className="keyboard__bar">
        <button type="button" className="button button--secondary" onClick={() => setVisible(false)}>
          {t('keyboard.hide')}
        </button>
      </div>
      <Keyboard
        keyboardRef={(instance: { setOptions(options: object): void }) => (keyboardRef.current = instance)}
        layout={layoutFor(target, i18n.language)}
        layoutName="default"
        onKeyPress={onKeyPress}
        preventMouseDownDefault
        useButtonTag
        theme={`hg-theme-default onestop-keyboard${target.keys === 'digits' ? ' onestop-keyboard--digits' : ''}`}
        display={{
          '{bksp}': t('keyboard.backspace'),
          '{enter}': t('keyboard.enter'),
          '{shift}': t('keyboard.shift'),
          '{lock}': t('keyboard.caps'),
          '{space}': t('keyboard.space'),
          '{tab}': t('keyboard.tab'),
        }}
      />
    </section>
  );
}
