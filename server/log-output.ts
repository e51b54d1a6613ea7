import pino from 'pino';

/** The longest a log line waits in the buffer when few requests come. */
export const LOG_FLUSH_MS = 1_000;
/** Lines are written once this many bytes are buffered (pino's example for asynchronous logging). */
export const LOG_BATCH_BYTES = 4_096;

export interface BufferedLogOutput {
  /** For Fastify's `logger.stream`. */
  stream: ReturnType<typeof pino.destination>;
  /** Sends what is buffered now, without waiting for the batch to fill. */
  flush(): void;
}

/**
 * The server's log output (stdout by default), written in batches by libuv instead of one synchronous
 * write(2) per line: pino's asynchronous mode (https://getpino.io/#/docs/asynchronous). Every request
 * logs a line, and written one by one those lines cost about a sixth of a small route's CPU (bench/README.md).
 * A line waits at most `flushMs`; pino writes what is left synchronously when the process exits, on
 * `process.exit` and on an uncaught exception alike, so a crash still leaves its last lines.
 */
export function bufferedLogOutput(fd = 1, flushMs = LOG_FLUSH_MS): BufferedLogOutput {
  const stream = pino.destination({ dest: fd, sync: false, minLength: LOG_BATCH_BYTES });
  const flush = () => {
    try {
      stream.flush();
    } catch {
      // sonic-boom throws once the output is gone (destroyed, or stdout's reader closed): nothing to send.
    }
  };
  const timer = setInterval(flush, flushMs);
  timer.unref();
  stream.on('close', () => clearInterval(timer));
  return { stream, flush };
}
