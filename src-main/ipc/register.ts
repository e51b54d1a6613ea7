import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { IpcArgs, IpcChannelName, IpcResult } from './contract';

// Arguments arrive from a renderer, which is untrusted input: they stay `unknown` until a
// validator narrows them to the channel's declared tuple.
export type ArgsValidator<C extends IpcChannelName> = (args: readonly unknown[]) => args is IpcArgs<C>;
export type IpcHandlerFn<C extends IpcChannelName> = (
  ...args: IpcArgs<C>
) => IpcResult<C> | Promise<IpcResult<C>>;
export type IpcHandle = <C extends IpcChannelName>(
  channel: C,
  validate: ArgsValidator<C>,
  fn: IpcHandlerFn<C>,
) => void;

// The renderer only ever sees this text; the reason is logged in main, so a probing page learns nothing.
const REJECTED_MESSAGE = 'IPC request rejected';

export function noArgs(args: readonly unknown[]): args is [] {
  return args.length === 0;
}

// The one way to register a handler: every channel gets the same sender check and validation.
export function createIpcRegistry(isAllowedSender: (event: IpcMainInvokeEvent) => boolean): IpcHandle {
  return function handle<C extends IpcChannelName>(
    channel: C,
    validate: ArgsValidator<C>,
    fn: IpcHandlerFn<C>,
  ): void {
    ipcMain.handle(channel, async function onInvoke(event, ...args: unknown[]) {
      if (!isAllowedSender(event)) {
        console.warn(`[ipc] ${channel}: dropped, sender ${event.senderFrame?.url ?? '(gone)'} is not an app page`);
        throw new Error(REJECTED_MESSAGE);
      }
      if (!validate(args)) {
        console.warn(`[ipc] ${channel}: dropped, arguments failed validation`);
        throw new Error(REJECTED_MESSAGE);
      }
      return fn(...args);
    });
  };
}
