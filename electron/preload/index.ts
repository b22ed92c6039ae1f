import { contextBridge, ipcRenderer } from 'electron';
import { createClient } from '../../shared/ipc/client';

// The page gets one frozen object of typed calls, never ipcRenderer itself: it can reach only the
// contract's channels, and main checks each call again.
contextBridge.exposeInMainWorld(
  'onestop',
  createClient((channel, input) => ipcRenderer.invoke(channel, input)),
);
