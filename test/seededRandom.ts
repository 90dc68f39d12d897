// A small deterministic PRNG (mulberry32) for the property tests: a failure replays with the same seed.

/** Numbers in [0, 1), the same sequence for the same seed. */
export function seededFractions(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `pick(n)`: an integer in [0, n), the same sequence for the same seed. */
export function seededPicks(seed: number): (n: number) => number {
  const next = seededFractions(seed);
  return (n) => Math.floor(next() * n);
}
