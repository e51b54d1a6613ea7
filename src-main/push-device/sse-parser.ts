/** One dispatched Server-Sent Event (WHATWG HTML §9.2 "Server-sent events"). */
export interface SseEvent {
  /** The `event:` field, or `message` when absent. */
  type: string;
  data: string;
  lastEventId: string;
}

export interface SseHandlers {
  onEvent(event: SseEvent): void;
  onComment?(text: string): void;
  /** A valid `retry:` field: the server's reconnection time in milliseconds. */
  onRetry?(ms: number): void;
}

export interface SseParser {
  /** Feed decoded text; chunk boundaries may fall anywhere, including between CR and LF. */
  feed(chunk: string): void;
  readonly lastEventId: string;
}

const LF = 10;
const CR = 13;

/**
 * An incremental parser for `text/event-stream`. An event still incomplete when the stream ends is never
 * dispatched ("any pending data must be discarded"), so the caller simply stops feeding.
 */
export function createSseParser(handlers: SseHandlers, initialLastEventId = ''): SseParser {
  let partialLine = '';
  let afterCr = false;
  let atStart = true;
  let data = '';
  let eventType = '';
  let idBuffer = initialLastEventId;
  let lastEventId = initialLastEventId;

  function dispatch(): void {
    lastEventId = idBuffer;
    if (data === '') {
      eventType = '';
      return;
    }
    const event = { type: eventType || 'message', data: data.slice(0, -1), lastEventId };
    data = '';
    eventType = '';
    handlers.onEvent(event);
  }

  function processLine(line: string): void {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return handlers.onComment?.(line.slice(1).replace(/^ /, ''));
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventType = value;
    else if (field === 'data') data += `${value}\n`;
    else if (field === 'id' && !value.includes('\0')) idBuffer = value;
    else if (field === 'retry' && /^[0-9]+$/.test(value)) handlers.onRetry?.(Number(value));
  }

  return {
    feed(chunk) {
      if (atStart && chunk !== '') {
        atStart = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      let start = 0;
      for (let i = 0; i < chunk.length; i++) {
        const code = chunk.charCodeAt(i);
        if (afterCr) {
          afterCr = false;
          if (code === LF) {
            start = i + 1;
            continue;
          }
        }
        if (code !== CR && code !== LF) continue;
        const line = partialLine + chunk.slice(start, i);
        partialLine = '';
        start = i + 1;
        afterCr = code === CR;
        processLine(line);
      }
      partialLine += chunk.slice(start);
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}
