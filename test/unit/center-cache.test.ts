import { describe, expect, it } from 'vitest';
import { LocalBus } from '../../src/realtime/bus.js';
import { CenterCache } from '../../src/realtime/center-cache.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CenterCache (shared reads of a center, dropped when it changes)', () => {
  it('reads once for many viewers, and again once this process publishes a change to the center', async () => {
    const bus = new LocalBus();
    const cache = new CenterCache<number>(bus, 60_000);
    let reads = 0;
    const load = async () => ++reads;
    expect(await Promise.all([cache.get(1, 'd', load), cache.get(1, 'd', load), cache.get(1, 'd', load)])).toEqual([
      1, 1, 1,
    ]);
    // Another key or another center is read on its own.
    expect(await cache.get(1, 'e', load)).toBe(2);
    expect(await cache.get(2, 'd', load)).toBe(3);
    // A change this process publishes drops the center at once, before the bus delivers it.
    void bus.publish({ type: 'center', centerId: 1 });
    expect(await cache.get(1, 'd', load)).toBe(4);
    expect(await cache.get(2, 'd', load)).toBe(3);
    // A change heard from the bus (another process) drops it too; a person's change does not.
    await cache.get(2, 'd', load);
    void bus.publish({ type: 'user', userId: 2 });
    await tick();
    expect(await cache.get(2, 'd', load)).toBe(3);
    cache.close();
    await bus.close();
  });

  it('keeps a value no longer than its time limit, and never a failed read', async () => {
    const bus = new LocalBus();
    const cache = new CenterCache<number>(bus, 30);
    let reads = 0;
    await expect(cache.get(1, 'd', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await tick();
    expect(await cache.get(1, 'd', async () => ++reads)).toBe(1);
    expect(await cache.get(1, 'd', async () => ++reads)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await cache.get(1, 'd', async () => ++reads)).toBe(2);
    cache.close();
    await bus.close();
  });

  it('holds a bounded number of keys per center', async () => {
    const bus = new LocalBus();
    const cache = new CenterCache<string>(bus, 60_000, 3);
    let reads = 0;
    for (const key of ['a', 'b', 'c', 'd']) await cache.get(1, key, async () => `${key}${++reads}`);
    // The fourth key cleared the center's three; 'a' is read again.
    expect(await cache.get(1, 'a', async () => `a${++reads}`)).toBe('a5');
    expect(await cache.get(1, 'd', async () => `d${++reads}`)).toBe('d4');
    cache.close();
    await bus.close();
  });

  it('holds a bounded number of centers, so asking for every id cannot grow it', async () => {
    const bus = new LocalBus();
    const cache = new CenterCache<string>(bus, 60_000, 64, 2);
    let reads = 0;
    for (const id of [1, 2, 3]) await cache.get(id, 'k', async () => `${id}:${++reads}`);
    // The third center cleared the first two; center 3 is still held.
    expect(await cache.get(1, 'k', async () => `1:${++reads}`)).toBe('1:4');
    expect(await cache.get(3, 'k', async () => `3:${++reads}`)).toBe('3:3');
    cache.close();
    await bus.close();
  });
});
