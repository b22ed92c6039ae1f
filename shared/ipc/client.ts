import { CHANNEL_NAMES, type ChannelName, type InputOf, type ValueOf } from './contract';
import { fail, type Result } from './result';

/** Sends one call across the boundary: `ipcRenderer.invoke` in Electron, the loopback bridge in the browser host. */
export type Invoke = (channel: ChannelName, input: unknown) => Promise<unknown>;

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;
type VerbOf<C extends string, D extends string> = C extends `${D}:${infer V}` ? V : never;

export type ClientCall<C extends ChannelName> = undefined extends InputOf<C>
  ? (input?: InputOf<C>) => Promise<Result<ValueOf<C>>>
  : (input: InputOf<C>) => Promise<Result<ValueOf<C>>>;

/** One function per channel, grouped by domain: `client.kiosk.status()`, `client.auth.signIn({...})`. */
export type OnestopClient = {
  readonly [D in DomainOf<ChannelName>]: {
    readonly [V in VerbOf<ChannelName, D>]: ClientCall<`${D}:${V}` & ChannelName>;
  };
};

/**
 * Builds the renderer's API from the contract. The same function serves the Electron preload
 * and the browser host, so the renderer cannot tell them apart.
 */
export function createClient(invoke: Invoke): OnestopClient {
  const domains: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const name of CHANNEL_NAMES) {
    const [domain, verb] = name.split(':') as [string, string];
    const calls = (domains[domain] ??= {});
    calls[verb] = async (input?: unknown) => {
      try {
        return await invoke(name, input);
      } catch (error) {
        return fail('bridge/unreachable', `Could not reach the app backend: ${String(error)}`);
      }
    };
  }
  for (const calls of Object.values(domains)) Object.freeze(calls);
  return Object.freeze(domains) as unknown as OnestopClient;
}
