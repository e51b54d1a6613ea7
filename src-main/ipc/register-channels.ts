import type { ChannelHandlers } from '../desktop/channel-handlers';
import { IpcChannel, type IpcChannelName } from './contract';
import type { IpcHandle } from './register';
import { channelValidators } from './validators';

function registerChannel<C extends IpcChannelName>(handle: IpcHandle, channel: C, handlers: ChannelHandlers): void {
  handle(channel, channelValidators[channel], handlers[channel]);
}

/** Every channel of the contract, each behind its validator and the registry's sender check. */
export function registerChannels(handle: IpcHandle, handlers: ChannelHandlers): void {
  for (const channel of new Set<IpcChannelName>(Object.values(IpcChannel))) registerChannel(handle, channel, handlers);
}
