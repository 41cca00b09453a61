import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { buildVerdict } from '../../../src/verdict/build.ts';
import { writeReports } from '../../../src/report/write.ts';
import { chatPoints, criterion, k6Scenario, plan, record, tempRunDir, TOOLS, writeSamples } from '../../fixtures/runs/make-run.ts';

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

test('report.html renders its charts offline in headless Chromium, without console errors', { timeout: 60_000 }, async () => {
  const dir = await tempRunDir();
  const profile = await tempRunDir();
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ARGS,
    headless: true,
    offline: true,
  });
  try {
    const rel = await writeSamples(dir, 'k6/chat/samples.json.gz', [
      ...chatPoints(200, (i) => 1000 + (i % 40) * 60),
      ...['process', 'violations', 'summary'].map((step, i) => ({ metric: 'fir_step_duration', value: 100 * (i + 1), tags: { step } })),
    ]);
    const v = await buildVerdict({
      plan: plan([k6Scenario('chat', 'chat', [criterion('chat_turn_duration', 'p(95)<2000')])]),
      runId: 'html-test',
      runDir: dir,
      startedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:00:20.000Z',
      records: [record('chat', 'chat', [rel])],
      tools: TOOLS,
    });
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
    assert.ok((await page.locator('svg').count()) >= 4, 'percentiles, steps, requests and latency charts');
    assert.match(await page.locator('body').innerText(), /chat_turn_duration p\(95\)<2000 observed/);
    // The first chart must show coloured bars: count non-white, non-grey pixels in its screenshot.
    const png = await page.locator('svg').first().screenshot();
    const shot = await browser.newPage();
    // The counting runs in the page; it is passed as source text because this project compiles without DOM types.
    const counted: unknown = await shot.evaluate(`(async (b64) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d');
      if (!ctx) return -1;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 40) n++;
      }
      return n;
    })(${JSON.stringify(png.toString('base64'))})`);
    assert.equal(typeof counted, 'number');
    const coloured = Number(counted);
    assert.ok(coloured > 2000, `coloured pixels: ${coloured}`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
});
