import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { CHANNEL_NAMES, type ChannelName } from '../../shared/ipc/contract';
import { fail, type Result } from '../../shared/ipc/result';
import type { Backend } from '../backend/backend';

/** The part of `ipcMain` the wiring uses; a recording fake stands in for it in tests. */
export type IpcRegistry = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** Decides whether a call's sending frame may reach the backend (see `isAppMainFrame`). */
export type TrustedFrameCheck = (frame: WebFrameMain | null) => boolean;

/** One staff session per webContents: a second window or a reloaded page starts as a resident. */
export function callerKeyOf(contents: { readonly id: number }): string {
  return `wc:${contents.id}`;
}

/**
 * Registers every channel of the contract with `ipcMain.handle`, the only place that does.
 * A call from any frame but the app's main frame is refused before it reaches the backend; the
 * backend then validates the input and checks the caller's role. `onKioskExit` runs after the
 * backend accepted a `kiosk:exit` (a staff or administrator PIN), so main can leave kiosk mode.
 * Returns a function that unregisters them all.
 */
export function registerIpcHandlers(
  ipcMain: IpcRegistry,
  backend: Pick<Backend, 'dispatch'>,
  isTrustedFrame: TrustedFrameCheck,
  onKioskExit?: () => void,
): () => void {
  const handle = async (channel: ChannelName, event: IpcMainInvokeEvent, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedFrame(event.senderFrame)) {
      return fail('auth/forbidden', `Calls to ${channel} are accepted only from the app's own window.`);
    }
    // dispatch promises never to throw; should it, the error's text still must not reach the page.
    let result: Result<unknown>;
    try {
      result = await backend.dispatch(channel, input, callerKeyOf(event.sender));
    } catch {
      return fail('internal', 'Something went wrong inside the app.');
    }
    // A turn later, so the reply reaches the page (its "closing" notice) before the app goes away.
    if (channel === 'kiosk:exit' && result.ok && onKioskExit) setImmediate(onKioskExit);
    return result;
  };
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, input: unknown) => handle(channel, event, input));
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
}
