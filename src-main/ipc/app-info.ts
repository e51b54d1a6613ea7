import { app } from 'electron';
import type { AppInfo } from './contract';

/** What `app:getInfo` answers in the packaged app (the desktop services take it as a plain value). */
export function electronAppInfo(): AppInfo {
  return { name: app.getName(), version: app.getVersion(), platform: process.platform };
}
