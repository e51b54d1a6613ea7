/** Runs `task(0..count-1)` with at most `concurrency` in flight; resolves with the results in order. */
export async function runPool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** A request that must answer `expected`; anything else means the benchmark measured the wrong thing. */
export async function expectStatus(response: Response, expected: number, what: string): Promise<unknown> {
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${what}: expected ${expected}, got ${response.status} ${text.slice(0, 300)}`);
  return text === '' ? undefined : JSON.parse(text);
}

/** `count` GETs of `url`, `concurrency` in flight, that must all answer 200; resolves with `count` (a window's unit). */
export async function getAllOk(url: string, authorization: string, count: number, concurrency: number): Promise<number> {
  await runPool(count, concurrency, async () => {
    const response = await fetch(url, { headers: { authorization } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
  });
  return count;
}
