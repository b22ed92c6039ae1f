import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { OnestopClient } from '../../../shared/ipc/client';
import type { AppState, AppStore } from './appStore';

interface Services {
  readonly client: OnestopClient;
  readonly store: AppStore;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ client, store, children }: Services & { children: ReactNode }) {
  return <ServicesContext.Provider value={{ client, store }}>{children}</ServicesContext.Provider>;
}

function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('ServicesProvider is missing');
  return services;
}

/** The preload (or browser host) API: the renderer's only way to data. */
export function useClient(): OnestopClient {
  return useServices().client;
}

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}
