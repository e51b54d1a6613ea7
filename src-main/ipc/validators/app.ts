import type { AppChannels, LockChannels, ServerChannels, SettingsChannels } from '../contract';
import { isSettingsPatch } from '../../desktop/settings-limits';
import { MAX_PASSWORD, nullable, string, tuple, type AreaValidators } from './checks';

// The small areas: app info, the lock, settings and the embedded server.

export const appValidators: AreaValidators<AppChannels> = { 'app:getInfo': tuple() };

export const lockValidators: AreaValidators<LockChannels> = {
  'lock:lock': tuple(),
  'lock:unlock': tuple(string(MAX_PASSWORD)),
  'lock:setPasscode': tuple(nullable(string(MAX_PASSWORD)), nullable(string(MAX_PASSWORD))),
  'lock:activity': tuple(),
  'lock:touchIdStatus': tuple(),
  'lock:unlockTouchId': tuple(),
};

export const settingsValidators: AreaValidators<SettingsChannels> = {
  'settings:get': tuple(),
  'settings:update': tuple(isSettingsPatch),
};

export const serverValidators: AreaValidators<ServerChannels> = {
  'server:status': tuple(),
  'server:start': tuple(),
  'server:stop': tuple(),
};
