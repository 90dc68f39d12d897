// The connectivity webview rendered in headless Chromium, outside VS Code: the page
// (media/connectivity/index.html, filled in as the extension fills it) is served with the bundle
// out/view.js (the view with elkjs, from `npm run build`) and view.css from a local HTTP server,
// `acquireVsCodeApi` is a stub that records what the page posts, and the model is the CLI's JSON
// for examples/ (and for the staged-policy fixture).
// Checks the DOM (every node and edge, isolation badges, staged classes, filters, clicks), the
// geometry of ELK's layout (connectivity-layout-checks.js), that the same model gives the same
// picture, that the Content-Security-Policy blocks nothing the page needs, and writes the screenshot
// docs/images/connectivity.png (≤ 200 KB).
//
// Run (after the build): node --test test/e2e/connectivity-view.test.js
// Skipped when playwright-core (test/e2e/node_modules) or Chromium (/usr/bin/chromium, or
// $CHROMIUM_PATH) is missing.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { layoutProblems } = require('./connectivity-layout-checks');

const REPO = path.resolve(__dirname, '..', '..');
const MEDIA = path.join(REPO, 'media', 'connectivity');
const SCREENSHOT = path.join(REPO, 'docs', 'images', 'connectivity.png');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let playwright;
try {
  playwright = require(path.join(__dirname, 'node_modules', 'playwright-core'));
} catch {
  playwright = undefined;
}
const skip = !playwright ? 'playwright-core is not installed in test/e2e/node_modules' : !fs.existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : false;

function cliJson(...args) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'kube-label-lint.js'), 'connectivity', ...args, '--format', 'json'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/**
 * A model in the CLI's JSON shape: `namespaces` × `perNamespace` workloads, `outside`, kube-dns
 * and `edgeCount` distinct edges picked by a seeded generator (the same graph every run).
 */
function syntheticModel(namespaces, perNamespace, edgeCount) {
  const node = (id, name, namespace, kind, i) => ({ id, name, namespace, kind, labels: {}, isolated: { ingress: i % 2 === 0, egress: i % 3 === 0 } });
  const nodes = [node('outside', 'outside', '', 'External', 1), node('kube-dns', 'kube-dns', 'kube-system', 'DNS', 1)];
  for (let n = 0; n < namespaces; n++) for (let i = 0; i < perNamespace; i++) nodes.push(node(`ns${n}/w${i}`, `w${i}`, `ns${n}`, 'Deployment', i));
  let seed = 7;
  const next = (max) => ((seed = (seed * 16807) % 2147483647), seed % max);
  const edges = [];
  const seen = new Set();
  while (edges.length < edgeCount) {
    const from = nodes[next(nodes.length)].id;
    const to = nodes[next(nodes.length)].id;
    if (from === to || from === 'kube-dns' || seen.has(`${from} ${to}`)) continue;
    seen.add(`${from} ${to}`);
    const decidedBy = next(2) ? [{ policy: 'p', file: 'p.yaml', line: 1 }] : [];
    edges.push({ from, to, ports: next(3) ? [{ port: 8000 + next(100), protocol: 'TCP' }] : 'all', decidedBy });
  }
  return { nodes, edges };
}

/** Serves the page (placeholders filled as the extension does) and the media files. */
function serve() {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      const url = new URL(req.url, origin);
      if (url.pathname === '/') {
        const html = fs
          .readFileSync(path.join(MEDIA, 'index.html'), 'utf8')
          .replace(/\{\{cspSource\}\}/g, origin)
          .replace(/\{\{nonce\}\}/g, 'test0nce')
          .replace(/\{\{scriptUri\}\}/g, `${origin}/media/out/view.js`)
          .replace(/\{\{styleUri\}\}/g, `${origin}/media/view.css`);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(html);
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204);
        return res.end();
      }
      // Only what the extension ships: the style sheet and the bundle (with its source map).
      const m = /^\/media\/(view\.css|out\/view\.js(\.map)?)$/.exec(url.pathname);
      if (!m || !fs.existsSync(path.join(MEDIA, m[1]))) {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(200, { 'content-type': m[1].endsWith('.css') ? 'text/css' : m[1].endsWith('.js') ? 'text/javascript' : 'application/json' });
      res.end(fs.readFileSync(path.join(MEDIA, m[1])));
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

describe('connectivity view (headless Chromium)', { skip }, () => {
  let browser;
  let server;
  let origin;

  before(async () => {
    assert.ok(fs.existsSync(path.join(MEDIA, 'out', 'view.js')), 'media/connectivity/out/view.js is missing: run `npm run build` first');
    server = await serve();
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  /**
   * Runs `action` (which makes the view lay the graph out again) and waits until the picture of
   * that layout is drawn: #graph counts drawn pictures in data-layouts and is aria-busy while ELK
   * works (its answer is asynchronous). Resolves with the number of that picture.
   */
  async function settled(page, action) {
    const before = await page.$eval('#graph', (g) => Number(g.getAttribute('data-layouts') || 0));
    await action();
    const done = await page.waitForFunction((n) => {
      const g = document.getElementById('graph');
      const count = Number(g.getAttribute('data-layouts') || 0);
      return count > n && g.getAttribute('aria-busy') === 'false' ? count : 0;
    }, before);
    return done.jsonValue();
  }

  /** A page with the stub VS Code API, showing `model`; returns the page and its problems. */
  async function open(model, viewport = { width: 1400, height: 520 }) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    const problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.addInitScript(() => {
      window.__posted = [];
      let state;
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__posted.push(m),
        getState: () => state,
        setState: (s) => (state = s),
      });
    });
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    await settled(page, () => post(page, model));
    return { page, problems };
  }

  /** Sends `model` to the page as the extension does. */
  function post(page, model) {
    return page.evaluate((m) => window.postMessage({ type: 'model', model: m }, '*'), model);
  }

  it('draws every node and edge of examples/, with isolation badges; writes the screenshot', async () => {
    const model = cliJson('examples');
    const { page, problems } = await open(model);

    const nodeIds = await page.$$eval('svg .nodes .node', (els) => els.map((e) => e.getAttribute('data-id')));
    assert.deepEqual(nodeIds.slice().sort(), model.nodes.map((n) => n.id).sort());
    const edges = await page.$$eval('svg .edges .edge', (els) => els.map((e) => `${e.getAttribute('data-from')} -> ${e.getAttribute('data-to')} ${e.getAttribute('class')}`));
    assert.equal(edges.length, model.edges.length);
    assert.ok(edges.includes('payments/payment -> payments/ledger edge rule'), edges.join('\n'));
    assert.ok(edges.includes('outside -> payments/ledger edge open'), edges.join('\n'));
    const labels = await page.$$eval('svg .labels text', (els) => els.map((e) => e.textContent));
    assert.ok(labels.includes('9000/TCP') && labels.includes('53/TCP, 53/UDP'), labels.join(', '));
    const groups = await page.$$eval('svg .group', (els) => els.map((e) => e.getAttribute('data-namespace')));
    assert.deepEqual(groups, ['payments', 'shop', 'kube-system']);
    // shop/cart is isolated both ways: both badges filled; payments/ledger: neither.
    const badges = (id) => page.$$eval(`svg .node[data-id="${id}"] .badge-box`, (els) => els.map((e) => e.classList.contains('on')));
    assert.deepEqual(await badges('shop/cart'), [true, true]);
    assert.deepEqual(await badges('payments/ledger'), [false, false]);
    assert.match(await page.textContent('#summary'), /^11 connections allowed · 6\/7 workloads isolated$/);
    assert.deepEqual(await layoutProblems(page, model), []);

    // The whole graph in the picture: a viewport as wide as the drawing (it scrolls otherwise).
    const width = await page.$eval('#graph svg', (s) => Math.ceil(s.getBoundingClientRect().right) + 12);
    await page.setViewportSize({ width: Math.max(1400, width), height: 520 });
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.ok(fs.statSync(SCREENSHOT).size <= 200 * 1024, `${fs.statSync(SCREENSHOT).size} bytes`);

    // Hovering a node dims the rest of the picture and highlights its connections and their labels.
    await page.hover('svg .node[data-id="payments/payment"]');
    const lit = await page.evaluate(() => ({
      dimmed: document.querySelector('#graph svg').classList.contains('dimmed'),
      edges: [...document.querySelectorAll('svg .edges .edge.highlight')].map((e) => `${e.getAttribute('data-from')} -> ${e.getAttribute('data-to')}`),
      labels: [...document.querySelectorAll('svg .labels .highlight text')].map((t) => t.textContent),
    }));
    assert.deepEqual(lit, { dimmed: true, edges: ['payments/payment -> payments/ledger'], labels: ['9000/TCP'] });
    await page.mouse.move(1, 1);
    assert.equal(await page.$eval('#graph svg', (svg) => svg.classList.contains('dimmed')), false);

    // Clicks ask the extension to open things, by id only.
    await page.click('svg .node[data-id="shop/frontend"]');
    await page.dispatchEvent('svg .edges .edge[data-from="payments/payment"][data-to="payments/ledger"]', 'click');
    await page.keyboard.press('Tab');
    const posted = await page.evaluate(() => window.__posted);
    assert.deepEqual(posted.slice(1), [
      { type: 'openNode', id: 'shop/frontend' },
      { type: 'openEdge', from: 'payments/payment', to: 'payments/ledger' },
    ]);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('filters: unrestricted connections off, one namespace; the choice survives a new model', async () => {
    const model = cliJson('examples');
    const { page, problems } = await open(model);
    await settled(page, () => page.click('#unrestricted'));
    const ruled = model.edges.filter((e) => e.decidedBy.length > 0).length;
    assert.equal(await page.$$eval('svg .edges .edge', (els) => els.length), ruled);
    assert.equal(await page.$$eval('svg .edges .edge.open', (els) => els.length), 0);
    assert.deepEqual(await layoutProblems(page, model), []);
    await settled(page, () => page.click('#unrestricted'));
    await settled(page, () => page.selectOption('#namespace', 'payments'));
    const shown = await page.$$eval('svg .edges .edge', (els) => els.map((e) => `${e.getAttribute('data-from')} -> ${e.getAttribute('data-to')}`));
    const ns = new Map(model.nodes.map((n) => [n.id, n.namespace]));
    assert.deepEqual(shown.sort(), model.edges.filter((e) => ns.get(e.from) === 'payments' || ns.get(e.to) === 'payments').map((e) => `${e.from} -> ${e.to}`).sort());
    assert.deepEqual(await layoutProblems(page, model), []);
    await settled(page, () => post(page, model));
    assert.equal(await page.$eval('#namespace', (s) => s.value), 'payments');
    await page.click('#refresh');
    assert.deepEqual((await page.evaluate(() => window.__posted)).at(-1), { type: 'refresh' });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('highlights staged changes', async () => {
    const model = cliJson('test/fixtures/connectivity/calico/staged');
    const { page, problems } = await open(model);
    const cls = (from, to) => page.$eval(`svg .edges .edge[data-from="${from}"][data-to="${to}"]`, (e) => e.getAttribute('class'));
    assert.equal(await cls('shop/legacy', 'shop/cart'), 'edge newly-allowed');
    assert.equal(await cls('outside', 'shop/frontend'), 'edge newly-denied');
    assert.equal(await cls('shop/frontend', 'shop/cart'), 'edge rule');
    assert.match(await page.textContent('#summary'), /staged: \+1 −6$/);
    assert.deepEqual(await layoutProblems(page, model), []);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('draws the same model the same way (again, and in a fresh page); a new model redraws', async () => {
    const model = cliJson('examples');
    const first = await open(model);
    const picture = (page) => page.$eval('#graph svg', (svg) => svg.outerHTML);
    const before = await picture(first.page);
    await settled(first.page, () => post(first.page, model));
    assert.equal(await picture(first.page), before);
    const second = await open(model);
    assert.equal(await picture(second.page), before);

    // Live update: a model with one edge less is drawn anew, still a sane layout.
    const fewer = { ...model, edges: model.edges.filter((e) => !(e.from === 'payments/payment' && e.to === 'payments/ledger')) };
    await settled(first.page, () => post(first.page, fewer));
    assert.notEqual(await picture(first.page), before);
    assert.equal(await first.page.$$eval('svg .edges .edge', (els) => els.length), fewer.edges.length);
    assert.deepEqual(await layoutProblems(first.page, fewer), []);
    assert.deepEqual([...first.problems, ...second.problems], []);
    await first.page.close();
    await second.page.close();
  });

  it('lays out every connectivity fixture, and a larger synthetic graph, sanely', async () => {
    const root = path.join(REPO, 'test', 'fixtures', 'connectivity');
    const dirs = ['calico', 'recipes'].flatMap((d) => fs.readdirSync(path.join(root, d)).sort().map((f) => path.join('test', 'fixtures', 'connectivity', d, f)));
    const models = dirs.map((dir) => ({ name: dir, model: cliJson(dir) }));
    models.push({ name: 'synthetic: 4 namespaces × 8 workloads, 90 edges', model: syntheticModel(4, 8, 90) });
    const { page, problems } = await open(models[0].model);
    const found = [];
    for (const { name, model } of models) {
      await settled(page, () => post(page, model));
      assert.equal(await page.$$eval('svg .edges .edge', (els) => els.length), model.edges.length, name);
      for (const p of await layoutProblems(page, model)) found.push(`${name}: ${p}`);
    }
    assert.ok(models.length >= 15, `only ${models.length} models`);
    assert.deepEqual(found, []);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('says so when the workspace has no workload, and shows server errors', async () => {
    const problems = [];
    const p = await browser.newPage();
    p.on('pageerror', (e) => problems.push(String(e)));
    await p.addInitScript(() => {
      window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });
    });
    await p.goto(`${origin}/`);
    await p.evaluate(() => window.postMessage({ type: 'model', model: { nodes: [], edges: [] } }, '*'));
    assert.match(await p.textContent('#message'), /No workloads/);
    await p.evaluate(() => window.postMessage({ type: 'error', message: 'boom' }, '*'));
    assert.equal(await p.textContent('#message'), 'boom');
    assert.equal(await p.$eval('#message', (m) => m.classList.contains('error')), true);
    assert.deepEqual(problems, []);
    await p.close();
  });
});
