/**
 * report.html as a person opens it: headless Chromium (playwright-core with Debian's chromium), offline, at
 * 1,400 px wide. Every chart drawn by the inlined uPlot with data; no console error, no request; a scenario
 * name that tries to close the JSON block stays text. LOADGATE_TEST_SCREENSHOT=1 keeps the run directory with
 * report.png in it (its path printed) instead of removing it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { buildVerdict } from '../../../src/verdict/build.ts';
import { writeReports } from '../../../src/report/write.ts';
import {
  chatPoints,
  criterion,
  k6Scenario,
  plan,
  record,
  tempRunDir,
  TOOLS,
  writeSamples,
  type Point,
} from '../../fixtures/runs/make-run.ts';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const NAME = 'chat</script><script>window.pwned=1</script>';
const GENERATORS = [
  {
    generator: 'local',
    host: '127.0.0.1',
    segment: '0:1/2',
    vus: 1,
    requests: 120,
    iterations: 120,
    cpu: 0.2,
    cores: 2,
    clockOffsetMs: 0,
    k6Version: 'v2.2.0',
    exitCode: 0,
    outcome: 'ok',
  },
  {
    generator: 'gen-b',
    host: '127.0.0.2',
    segment: '1/2:1',
    vus: 1,
    requests: 80,
    iterations: 80,
    cpu: 0.3,
    cores: 2,
    clockOffsetMs: 1,
    k6Version: 'v2.2.0',
    exitCode: 0,
    outcome: 'ok',
  },
];

function points(latency: (i: number) => number): Point[] {
  return [
    ...chatPoints(200, latency),
    ...Array.from({ length: 20 }, (_, t): Point => ({ metric: 'vus', value: 1 + (t % 3), t })),
    ...Array.from({ length: 5 }, (_, i): Point => ({ metric: 'http_req_failed', value: 1, t: 4 + i })),
    ...['process', 'violations', 'summary'].map((step, i): Point => ({
      metric: 'fir_step_duration',
      value: 100 * (i + 1),
      tags: { step },
    })),
  ];
}

async function verdictIn(dir: string, runId: string, latency: (i: number) => number, baseline?: Awaited<ReturnType<typeof buildVerdict>>) {
  const rel = await writeSamples(dir, 'k6/chat/samples.json.gz', points(latency));
  return buildVerdict({
    plan: plan([k6Scenario(NAME, 'chat', [criterion('chat_turn_duration', 'p(95)<2000')])]),
    runId,
    runDir: dir,
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:00:20.000Z',
    records: [record(NAME, 'chat', [rel], { details: { generators: GENERATORS } })],
    tools: TOOLS,
    baseline,
  });
}

interface Drawn {
  id: string;
  points: number;
  canvases: number;
  coloured: number;
  width: number;
  left: number;
  right: number;
}

// Runs in the page; passed as source text because this project compiles without DOM types. Counts the
// coloured (not white, not grey) pixels of each chart's canvas: a chart drawn without data has none.
const MEASURE = `[...document.querySelectorAll('.chart')].map((el) => {
  const canvas = el.querySelector('canvas');
  let coloured = 0;
  if (canvas) {
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < d.length; i += 4)
      if (d[i + 3] > 0 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 40) coloured++;
  }
  const box = el.getBoundingClientRect();
  return { id: el.getAttribute('data-chart'), points: Number(el.getAttribute('data-points') || 0),
    canvases: el.querySelectorAll('canvas').length, coloured, width: box.width, left: box.left, right: box.right };
})`;

function parseDrawn(x: unknown): Drawn[] {
  assert.ok(Array.isArray(x));
  return x.map((d: unknown) => {
    assert.ok(typeof d === 'object' && d !== null);
    const r: Record<string, unknown> = { ...d };
    const n = (k: string): number => {
      const v = r[k];
      assert.equal(typeof v, 'number', k);
      return Number(v);
    };
    return {
      id: String(r['id']),
      points: n('points'),
      canvases: n('canvases'),
      coloured: n('coloured'),
      width: n('width'),
      left: n('left'),
      right: n('right'),
    };
  });
}

test(
  'report.html draws every chart with data in headless Chromium at 1,400 px, offline, without console errors',
  { timeout: 120_000 },
  async () => {
    const baseDir = await tempRunDir();
    const dir = await tempRunDir();
    const profile = await tempRunDir();
    const keep = process.env['LOADGATE_TEST_SCREENSHOT'] === '1';
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: ARGS,
      headless: true,
      offline: true,
      viewport: { width: 1400, height: 1000 },
    });
    try {
      const base = await verdictIn(baseDir, 'base-run', (i) => 800 + (i % 40) * 40);
      const v = await verdictIn(dir, 'html-test', (i) => 1000 + (i % 40) * 60, base);
      await writeReports(v, dir);
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) problems.push(`request to ${r.url()}`);
      });
      await page.goto(pathToFileURL(join(dir, 'report.html')).href);
      await page.waitForSelector('.chart[data-points]');
      const drawn = parseDrawn(await page.evaluate(MEASURE));
      const ids = drawn.map((d) => d.id);
      for (const kind of ['latency', 'requests', 'errors', 'vus', 'cdf', 'breakdown-0', 'generators'])
        assert.ok(ids.includes(`s0-${kind}`), `${kind} chart in ${ids.join(', ')}`);
      for (const d of drawn) {
        assert.equal(d.canvases, 1, `${d.id}: one uPlot canvas`);
        assert.ok(d.points > 0, `${d.id}: drawn with ${d.points} points`);
        assert.ok(d.coloured > 300, `${d.id}: ${d.coloured} coloured pixels`);
        // Readable at 1,400 px: each chart is wide, and none runs off the page.
        assert.ok(d.width >= 600 && d.left >= 0 && d.right <= 1400, `${d.id}: ${d.left}–${d.right} px`);
      }
      assert.ok(Number(await page.evaluate('document.documentElement.scrollWidth')) <= 1400, 'no horizontal scroll');
      // The per-second chart overlays the baseline's p95; the criteria table shows observed vs limit.
      const text = await page.locator('body').innerText();
      assert.match(text, /p95, baseline base-run/);
      assert.match(text, /\tp\(95\)<2000\t[\d.]+\t< 2000\t/);
      // The name that tried to close the JSON block is text in a chart title, and its script never ran.
      assert.equal(await page.evaluate('typeof window.pwned'), 'undefined');
      assert.ok(text.includes(`${NAME}: http_req_duration per second`), "the name, literally, in the latency chart's title");
      if (keep) {
        await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
        process.stdout.write(`# screenshot: ${join(dir, 'report.png')}\n`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      if (!keep) await rm(dir, { recursive: true, force: true });
      await rm(baseDir, { recursive: true, force: true });
      await rm(profile, { recursive: true, force: true });
    }
  },
);
