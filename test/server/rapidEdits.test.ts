// 500 rapid edits (issue #9, "language server under faults"): incremental didChange messages sent
// without waiting for diagnostics, typing label values key by key, breaking the YAML and fixing
// it, pasting and cutting documents, several changes in one message, a full-text change, in two
// open documents that other (closed) files depend on, with requests in between. When the server
// has settled, the last diagnostics of every file must equal a fresh lint of the final texts
// (the engine in-process, as the CLI runs it), and the open documents' must carry their final
// version. Nothing here is timed: the edits are paced by the message loop only.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertMatchesFreshLint } from './freshLint';
import { LspTestClient, applyChange, copyFixture, positionAt, removeDir } from './lspClient';
import { seededFractions } from '../seededRandom';

const EDITS = 500;

/** One didChange message. */
type Step = () => void;

/** Edits of one open document, built as a person types: one key, one message. */
class Typist {
  constructor(
    private readonly c: LspTestClient,
    readonly uri: string,
  ) {}

  get text(): string {
    return this.c.text(this.uri);
  }

  /** Types `s` at `offset`, one character per message. */
  type(offset: number, s: string): Step[] {
    return [...s].map((ch, i) => () => void this.c.insert(this.uri, offset + i, ch));
  }

  /** Deletes [start, end) with backspace, one character per message. */
  backspace(start: number, end: number): Step[] {
    return Array.from({ length: end - start }, (_, i) => () => void this.cut(end - i - 1, end - i));
  }

  cut(start: number, end: number): number {
    const t = this.text;
    return this.c.edit(this.uri, { range: { start: positionAt(t, start), end: positionAt(t, end) }, text: '' });
  }

  /** Backspaces the value after `key: ` (its `n`th occurrence) and types `value`. */
  retype(key: string, n: number, value: string): Step[] {
    const t = this.text;
    let at = -1;
    for (let i = 0; i <= n; i++) at = t.indexOf(key, at + 1);
    if (at < 0) return [];
    const start = at + key.length;
    const end = t.indexOf('\n', start);
    return [...this.backspace(start, end), ...this.type(start, value)];
  }

  /** Adds `suffix` after `line` (found after a line break), or removes it if it is there. */
  toggleSuffix(line: string, suffix: string): Step[] {
    const t = this.text;
    const withSuffix = t.indexOf(`\n${line}${suffix}\n`);
    if (withSuffix >= 0) return this.backspace(withSuffix + 1 + line.length, withSuffix + 1 + line.length + suffix.length);
    const without = t.indexOf(`\n${line}\n`);
    return without < 0 ? [] : this.type(without + 1 + line.length, suffix);
  }
}

const TEAMS = ['payments', 'platform', 'search', 'checkout', 'pay-ments', ''];
const EXTRA_DOC = '---\n# extra\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: shop\n  labels:\n    owner: search\n';

/** The next burst of typing in workloads.yaml. */
function workloadEpisode(w: Typist, c: LspTestClient, rnd: () => number): Step[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const t = w.text;
  switch (pick(['pods', 'team', 'team', 'owner', 'break', 'comment', 'multi', 'paste', 'full'] as const)) {
    case 'pods': // the web pods' name: the Service and the policy select them by it
      return w.toggleSuffix('        app.kubernetes.io/name: web', 'x');
    case 'team':
      return w.retype('team: ', Math.floor(rnd() * 4), pick(TEAMS));
    case 'owner': {
      const line = '    owner: checkout\n';
      const at = t.indexOf(line);
      if (at >= 0) return [() => void w.cut(at, at + line.length)];
      const labels = t.indexOf('\n  labels:\n');
      return labels < 0 ? [] : w.type(labels + '\n  labels:\n'.length, line);
    }
    case 'break': {
      // At the start of some line: `oops: [apiVersion: …` breaks that document until it goes.
      const starts = [...t.matchAll(/\n/g)].map((m) => m.index! + 1).filter((i) => i < t.length);
      const at = pick(starts);
      return [...w.type(at, 'oops: ['), ...w.backspace(at, at + 'oops: ['.length)];
    }
    case 'comment':
      return t.startsWith('# tuning\n') ? [() => void w.cut(0, '# tuning\n'.length)] : w.type(0, '# tuning\n');
    case 'multi': {
      // Two changes in one message; the second's range is against the text after the first.
      const image = t.indexOf('example.com/api:1.');
      if (image < 0) return [];
      return [
        () => {
          const t0 = w.text;
          const first = { range: { start: positionAt(t0, image + 18), end: positionAt(t0, image + 19) }, text: String(Math.floor(rnd() * 10)) };
          const t1 = applyChange(t0, first);
          c.edit(w.uri, first, { range: { start: positionAt(t1, 0), end: positionAt(t1, 0) }, text: '# bumped\n' });
        },
        () => void w.cut(0, w.text.startsWith('# bumped\n') ? '# bumped\n'.length : 0),
      ];
    }
    case 'paste': {
      const at = t.indexOf(EXTRA_DOC);
      if (at >= 0) return [() => void w.cut(at, at + EXTRA_DOC.length)];
      return [() => void c.insert(w.uri, t.length, EXTRA_DOC)];
    }
    case 'full': // a full-text change event, as some clients send after a format
      return [() => void c.setText(w.uri, w.text)];
  }
}

/** The next burst of typing in services.yaml. */
function serviceEpisode(s: Typist, rnd: () => number): Step[] {
  if (rnd() < 0.5) return s.toggleSuffix('    app.kubernetes.io/name: web', 'x');
  return s.retype('team: ', Math.floor(rnd() * 2), TEAMS[Math.floor(rnd() * TEAMS.length)]);
}

interface Scenario {
  name: string;
  seed: number;
  /** Rules the final texts must have findings of (the scenario is what its name says). */
  mustFind: string[];
  /** The last edits (after the random ones and the padding). */
  ending: (w: Typist) => Step[];
}

const SCENARIOS: Scenario[] = [
  {
    name: 'ending with the web pods renamed (a cross-file change as the very last edit)',
    seed: 2,
    mustFind: ['service-selector-dangling', 'policy-selector-dangling', 'label-value-not-allowed'],
    ending: (w) => w.toggleSuffix('        app.kubernetes.io/name: web', 'x'),
  },
  {
    name: 'ending with broken YAML in the api document',
    seed: 4,
    mustFind: ['yaml-syntax', 'service-selector-dangling'],
    ending: (w) => w.type(w.text.indexOf('apiVersion', w.text.indexOf('\n---\n')), 'oops: ['),
  },
];

describe('server: 500 rapid edits', () => {
  for (const scenario of SCENARIOS) {
    it(`the final diagnostics equal a fresh lint of the final texts, ${scenario.name}`, async () => {
      const dir = copyFixture('rapid-edits');
      const c = await LspTestClient.start({ workspace: dir, timeoutMs: 120_000 });
      try {
        await c.waitForScan();
        const rnd = seededFractions(scenario.seed);
        const w = new Typist(c, pathToFileURL(path.join(dir, 'workloads.yaml')).href);
        const s = new Typist(c, pathToFileURL(path.join(dir, 'services.yaml')).href);
        for (const t of [w, s]) c.open(t.uri, fs.readFileSync(new URL(t.uri), 'utf8'));

        let sent = 0;
        const requests: Promise<unknown>[] = [];
        const send = async (step: Step) => {
          step();
          sent++;
          // Requests in the middle of the stream (answered from the state at that moment).
          if (sent % 25 === 0) requests.push(c.codeActions(w.uri, { start: { line: 0, character: 0 }, end: positionAt(w.text, w.text.length) }));
          if (sent % 40 === 0) requests.push(c.hover(s.uri, { line: 3, character: 4 }));
          // Pacing by the message loop only: now and then let the server catch up with a round
          // trip, so that later edits land while it analyses; otherwise yield or keep sending.
          if (sent % 60 === 0) await c.hover(w.uri, { line: 0, character: 0 });
          else if (rnd() < 0.1) await new Promise((r) => setImmediate(r));
        };

        // Random bursts in both documents (an episode runs to its end; the two interleave).
        const active = new Map<Typist, Step[]>();
        const ending = () => scenario.ending(w);
        const done = () => [...active.values()].every((steps) => steps.length === 0);
        while (sent < EDITS - 40 || !done()) {
          const t = sent >= EDITS - 40 ? [...active].find(([, steps]) => steps.length > 0)![0] : rnd() < 0.15 ? s : w;
          let steps = active.get(t);
          if (!steps?.length) {
            steps = t === w ? workloadEpisode(w, c, rnd) : serviceEpisode(s, rnd);
            active.set(t, steps);
          }
          const step = steps.shift();
          if (step) await send(step);
        }
        // Padding to exactly EDITS: dots typed into the first line's comment.
        assert.ok(w.text.startsWith('#'), w.text.slice(0, 40));
        const endingLength = ending().length;
        while (sent < EDITS - endingLength) await send(() => void c.insert(w.uri, 1, '.'));
        for (const step of ending()) await send(step);
        assert.equal(sent, EDITS);

        await Promise.all(requests);
        await c.settled(120_000);
        for (const t of [w, s]) {
          const publishes = c.publishes.get(t.uri)!;
          assert.equal(publishes.at(-1)!.version, c.version(t.uri), `${path.basename(t.uri)}: the last diagnostics are for the final version`);
          const versions = publishes.map((p) => p.version ?? 0);
          assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `${path.basename(t.uri)}: a publish for an older version came after a newer one`);
        }
        const found = assertMatchesFreshLint(c, dir, new Map([w, s].map((t) => [t.uri, t.text])));
        for (const rule of scenario.mustFind) assert.ok(found.has(rule), `the final texts have no ${rule} finding (${[...found]})`);
      } finally {
        await c.stop();
        removeDir(dir);
      }
    });
  }
});
