import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One log line per request instead of Fastify's two ("incoming request", then "request completed"):
 * pino writes each line synchronously, and on a small route the pair cost more than the route itself.
 * The one line, written when the response is done, carries what both did: the request (method, url
 * with its query redacted, host, remote address: the logger's `req` serializer), the status and the
 * time taken. Fastify's other lines (errors, not found, premature close) are unchanged.
 */
export class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const fields = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else reply.log.info(fields, 'request completed');
  }
}
