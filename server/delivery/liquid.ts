import { Liquid, type Template } from 'liquidjs';

/**
 * The Liquid engines for admin-written email templates (Auth0's `syntax: "liquid"`,
 * https://auth0.com/docs/customize/email/email-templates), locked down: an empty in-memory file map, so
 * `{% include %}`, `{% render %}` and `{% layout %}` find nothing (never a file on disk); own properties
 * only (no `constructor` or prototype reads); unknown filters refused when parsed; and liquidjs's DoS
 * limits (https://liquidjs.com/tutorials/dos.html), so a runaway loop fails instead of holding the server.
 */
const LIMITS = {
  /** Characters parsed per template: twice the largest body the Management API accepts (MAX_TEMPLATE_BODY). */
  parseLimit: 200_000,
  /** Milliseconds per render (rendering is synchronous, so this bounds how long one send holds the event loop); a real template takes well under one. */
  renderLimit: 250,
  /** Range items and string/array allocations per render (a `(1..100000000)` loop is refused before it runs). */
  memoryLimit: 10_000_000,
};

function engine(outputEscape: 'escape' | undefined): Liquid {
  const liquid = new Liquid({ templates: {}, ownPropertyOnly: true, strictFilters: true, ...LIMITS, ...(outputEscape ? { outputEscape } : {}) });
  // In the HTML every output is escaped; Liquid's `raw` would let a user's name or metadata in as markup.
  // As an ordinary filter it changes nothing and the escape still runs after it.
  if (outputEscape) liquid.registerFilter('raw', (value: unknown) => value);
  return liquid;
}

/** The HTML part's engine (every output escaped) and the subject's (values as they are). */
export const htmlLiquid = engine('escape');
export const plainLiquid = engine(undefined);

/** Parsed templates by text, per engine: a template is parsed once, not at every send. Bounded, least recently used out. */
const MAX_CACHED = 64;
const caches = new WeakMap<Liquid, Map<string, Template[]>>();

/** The parsed template; throws liquidjs's ParseError/TokenizationError (its message names the line and column). */
export function parsed(liquid: Liquid, text: string): Template[] {
  let cache = caches.get(liquid);
  if (!cache) caches.set(liquid, (cache = new Map()));
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const templates = liquid.parse(text);
  cache.set(text, templates);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  return templates;
}
