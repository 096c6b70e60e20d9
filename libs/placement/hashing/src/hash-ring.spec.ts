import { ringHash } from './hash';
import { HashRing } from './hash-ring';

const ids = Array.from({ length: 3000 }, (_, i) => `actor-${i}`);

describe('ringHash', () => {
  it('is the first 8 bytes of BLAKE2b-512, little-endian', () => {
    // BLAKE2b-512("") starts 78 6a 02 f7 42 01 59 03 (RFC 7693 test vector family).
    expect(ringHash('')).toBe(0x03590142f7026a78n);
    expect(ringHash('abc')).not.toBe(ringHash('abd'));
  });
});

describe('HashRing', () => {
  it('answers undefined on an empty ring and the only host on a single-host ring', () => {
    expect(new HashRing([]).lookup('x')).toBeUndefined();
    expect(new HashRing(['a:1']).lookup('anything')).toBe('a:1');
  });

  it('spreads ids over hosts roughly evenly with 100 virtual nodes', () => {
    const ring = new HashRing(['10.0.0.1:50002', '10.0.0.2:50002', '10.0.0.3:50002']);
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(ring.lookup(id) as string, (counts.get(ring.lookup(id) as string) ?? 0) + 1);
    expect(counts.size).toBe(3);
    for (const n of counts.values()) expect(n).toBeGreaterThan(ids.length / 3 / 2);
  });

  it('does not depend on the order hosts are given in', () => {
    const a = new HashRing(['h1:1', 'h2:1', 'h3:1']);
    const b = new HashRing(['h3:1', 'h1:1', 'h2:1', 'h1:1']);
    for (const id of ids.slice(0, 500)) expect(b.lookup(id)).toBe(a.lookup(id));
  });

  it('moves only the leaving host\'s ids when a host leaves, and only ids to the new host when one joins', () => {
    const three = new HashRing(['h1:1', 'h2:1', 'h3:1']);
    const two = new HashRing(['h1:1', 'h2:1']);
    for (const id of ids) {
      const before = three.lookup(id);
      if (before !== 'h3:1') expect(two.lookup(id)).toBe(before);
    }
    const four = new HashRing(['h1:1', 'h2:1', 'h3:1', 'h4:1']);
    let moved = 0;
    for (const id of ids) {
      const after = four.lookup(id);
      if (after !== three.lookup(id)) {
        expect(after).toBe('h4:1');
        moved++;
      }
    }
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(ids.length / 2);
  });

  it('rejects a replication factor below one', () => {
    expect(() => new HashRing(['a'], 0)).toThrow('replication factor');
  });
});
