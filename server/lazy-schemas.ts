/**
 * Route schemas are compiled (Ajv validators, fast-json-stringify serializers) on their route's first
 * use rather than when a server starts: a server has ~150 of them and compiling all took most of its
 * start-up, though a process uses a few. A schema with a mistake would then fail on first use, so
 * `compilePendingSchemas()` compiles every one a built server registered (a test calls it, and the
 * standalone server calls it once it listens, to be warm before traffic).
 */
const pending = new Set<() => unknown>();

/** Returns `ensure()`, which compiles on its first call and then answers the compiled value. */
export function pendingSchema<T>(compile: () => T): () => T {
  let compiled: { value: T } | undefined;
  const ensure = (): T => {
    if (!compiled) {
      compiled = { value: compile() };
      pending.delete(ensure);
    }
    return compiled.value;
  };
  pending.add(ensure);
  return ensure;
}

/** Compiles every schema not yet used; throws the first schema error. */
export function compilePendingSchemas(): number {
  const all = [...pending];
  for (const ensure of all) ensure();
  return all.length;
}

/**
 * Compiles the pending schemas a few at a time between other work, so a server that just started
 * answers its first requests at once and is warm soon after. Resolves when none is left.
 */
export async function warmPendingSchemas(batch = 8): Promise<void> {
  while (pending.size > 0) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (const ensure of [...pending].slice(0, batch)) ensure();
  }
}

/**
 * What was made for each schema, by object and, for a new object, by its JSON text (TypeBox's symbol
 * keys are not part of it, and neither Ajv nor fast-json-stringify reads them): bounded by the number of
 * distinct schemas, however many servers a process builds.
 */
export class SchemaCache<T> {
  readonly #byObject = new WeakMap<object, T>();
  readonly #byText = new Map<string, T>();

  get(schema: object, make: () => T): T {
    let value = this.#byObject.get(schema);
    if (value === undefined) {
      const text = JSON.stringify(schema);
      value = this.#byText.get(text);
      if (value === undefined) {
        value = make();
        this.#byText.set(text, value);
      }
      this.#byObject.set(schema, value);
    }
    return value;
  }
}
