import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from '../../../src-main/push-device';

function parse(chunks: string[], initialLastEventId = '') {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = createSseParser(
    { onEvent: (e) => events.push(e), onComment: (c) => comments.push(c), onRetry: (ms) => retries.push(ms) },
    initialLastEventId,
  );
  for (const chunk of chunks) parser.feed(chunk);
  return { events, comments, retries, lastEventId: parser.lastEventId };
}

// Every line-ending style, a comment, retry, multi-line data, an id carried forward and a custom type.
const TRICKY_STREAM =
  '\uFEFF: heartbeat\r\n' +
  'retry: 2500\r\n' +
  'event: push\r\nid: tx_1\r\ndata: {"a":1,\r\ndata: "b":2}\r\n\r\n' +
  'data:no-space\rdata:  two spaces\r\r' +
  'event: other\nid: tx_3\ndata\ndata: x\n\n' +
  ': bye\n';

const EXPECTED = [
  { type: 'push', data: '{"a":1,\n"b":2}', lastEventId: 'tx_1' },
  { type: 'message', data: 'no-space\n two spaces', lastEventId: 'tx_1' },
  { type: 'other', data: '\nx', lastEventId: 'tx_3' },
];

describe('createSseParser', () => {
  it('parses a stream fed in one piece', () => {
    expect(parse([TRICKY_STREAM])).toEqual({ events: EXPECTED, comments: ['heartbeat', 'bye'], retries: [2500], lastEventId: 'tx_3' });
  });

  it('gives the same result whatever the chunk boundaries, including between CR and LF', () => {
    const oneCharAtATime = [...TRICKY_STREAM];
    expect(parse(oneCharAtATime).events).toEqual(EXPECTED);
    for (let cut = 1; cut < TRICKY_STREAM.length; cut++) {
      expect(parse([TRICKY_STREAM.slice(0, cut), TRICKY_STREAM.slice(cut)]).events).toEqual(EXPECTED);
    }
  });

  it('does not read a CRLF split across chunks as two line ends', () => {
    expect(parse(['data: a\r', '\ndata: b\r', '\n\r', '\n']).events).toEqual([{ type: 'message', data: 'a\nb', lastEventId: '' }]);
  });

  it('discards an event the stream ended in the middle of', () => {
    expect(parse(['data: complete\n\n', 'event: push\ndata: cut off\n']).events).toEqual([
      { type: 'message', data: 'complete', lastEventId: '' },
    ]);
  });

  it('dispatches nothing for an empty data buffer and resets the event type', () => {
    expect(parse(['event: push\n\n', 'data: later\n\n']).events).toEqual([{ type: 'message', data: 'later', lastEventId: '' }]);
  });

  it('updates the last event id even when no event is dispatched', () => {
    expect(parse(['id: tx_9\n\n']).lastEventId).toBe('tx_9');
    expect(parse(['id\n\ndata: x\n\n'], 'tx_old').events).toEqual([{ type: 'message', data: 'x', lastEventId: '' }]);
  });

  it('starts from the id of the previous connection and ignores ids containing NUL', () => {
    expect(parse(['id: a\0b\ndata: x\n\n'], 'tx_prev').events).toEqual([{ type: 'message', data: 'x', lastEventId: 'tx_prev' }]);
  });

  it.each([['retry: 12a'], ['retry: '], ['retry: -5'], ['retry:1 000']])('ignores the invalid field %j', (line) => {
    expect(parse([`${line}\n`]).retries).toEqual([]);
  });

  it('ignores unknown fields and strips only the first space of a value', () => {
    expect(parse(['foo: bar\ndata:   three\n\n']).events).toEqual([{ type: 'message', data: '  three', lastEventId: '' }]);
  });
});
