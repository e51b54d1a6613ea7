import type { IpcArgs, IpcChannelName, IpcResult } from '../ipc/contract';

/** One function per channel of the contract, already validated arguments in, the channel's result out. */
export type ChannelHandlers = { [C in IpcChannelName]: (...args: IpcArgs<C>) => Promise<IpcResult<C>> };

export type HandlersFor<P extends string> = Pick<ChannelHandlers, Extract<IpcChannelName, `${P}:${string}`>>;
