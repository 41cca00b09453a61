// test-needs: lab
/**
 * A VM dies mid-scenario: the lab's `down` switch on the chat backend a few seconds into a chat scenario.
 * The run must complete (not hang, not crash) as FAIL, with the failures' reason recorded and the reports
 * naming the VM / service and the moment it went down — and, once the switch is off again, that it came
 * back: the reports list every fault observed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startNsLab } from './support/ns-lab.ts';
import { spawnCli } from './support/spawned-run.ts';
import { onlyRunDir, tempResults, testNet } from './support/chaos-run.ts';
import { assertEveryFileParses, fileText, readValidVerdict, waitNonEmpty } from './support/run-files.ts';

/** ISO times in a line, as epoch ms. */
function timesIn(line: string): number[] {
  return [...line.matchAll(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g)].map((m) => Date.parse(m[0]));
}

describe('a VM dies mid-scenario', () => {
  test(
    'chat backend down during chat: FAIL (exit 1), reasons kept, the reports name the VM, the moment and every fault',
    { timeout: 120_000 },
    async (t) => {
      const net = await testNet(t);
      const results = await tempResults(t);
      const lab = await startNsLab(net);
      t.after(() => lab.close());
      // 8 s of chat: the down switch lands ~2 s in and is lifted ~3 s later, well inside the run, and before
      // the abortOnFail criterion (http_req_failed, evaluated after 10 s) could end k6 early.
      // The browser VM is down from the start too: the cross-vm probe after chat finds it — a second fault,
      // from another engine, that the reports must list as well.
      await lab.setFault({ kind: 'down', service: 'browser' });
      const run = spawnCli(
        ['run', '--profile', 'smoke', '--scenario', 'chat,cross-vm', '--set', 'chat.executor.duration=8s', '--results-dir', results],
        { net },
      );
      t.after(() => run.cleanup());
      await run.waitForLine(/^k6 chat: started/, 30_000);
      const runDir = await onlyRunDir(results);
      await waitNonEmpty(join(runDir, 'k6', 'chat', 'samples.json.gz'), 15_000);
      const downAt = Date.now();
      const id = await lab.setFault({ kind: 'down', service: 'autobot-backend' });
      // The outage lasts 3 s (three canary polls): a fault's duration, not a readiness wait.
      await delay(3000);
      await net.http('DELETE', `${lab.controlUrl}/faults/${id}`);
      const upAt = Date.now();
      const { exitCode } = await run.exited;
      assert.equal(exitCode, 1, run.output());
      assert.match(run.stdout.join('\n'), /verdict: FAIL/);

      const verdict = await readValidVerdict(runDir);
      assert.equal(verdict.status, 'FAIL');
      const chat = verdict.scenarios.find((s) => s.name === 'chat');
      assert.ok(chat, 'chat in the verdict');
      assert.equal(chat.status, 'failed');
      assert.ok(chat.reasons.length > 0, 'the failed criteria are the reasons');

      // Each failure keeps its reason: k6's error code on the raw samples, the transport error in its log.
      const samples = await fileText(join(runDir, 'k6', 'chat', 'samples.json.gz'));
      assert.match(samples, /"metric":"http_req_failed".*"error_code":"\d+"/);
      assert.match(await readFile(join(runDir, 'k6', 'chat', 'stderr.log'), 'utf8'), /connection refused/);

      // The faults: the backend's VM and service, when it went down (within the window we held it down), and
      // that it came back.
      const faults = chat.faults.join('\n');
      assert.match(faults, /main/);
      assert.match(faults, /backend/);
      const down = chat.faults.find((f) => /down|unreachable|refused|failing/i.test(f));
      assert.ok(down, `a fault line for the outage: ${faults}`);
      const [first] = timesIn(down);
      assert.ok(first !== undefined && first >= downAt - 1500 && first <= upAt + 1500, `the moment ${down} is within the outage`);
      assert.match(faults, /recovered|back|answered again/i);

      const report = await readFile(join(runDir, 'report.md'), 'utf8');
      const section = report.slice(report.indexOf('## Faults observed'));
      assert.match(section, /main/);
      assert.match(section, /backend/);
      assert.ok(timesIn(section).length > 0, 'the faults section carries the moment');
      // Every fault observed, whichever engine saw it, is listed in report.md and report.html.
      const all = verdict.scenarios.flatMap((s) => s.faults);
      assert.ok(
        verdict.scenarios.find((s) => s.name === 'cross-vm')?.faults.some((f) => /browser/.test(f)),
        `cross-vm saw the browser VM down: ${all.join(' | ')}`,
      );
      const html = (await readFile(join(runDir, 'report.html'), 'utf8'))
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&quot;', '"')
        .replaceAll('&#39;', "'")
        .replaceAll('&amp;', '&');
      for (const f of all) {
        assert.ok(section.includes(f), `report.md lists ${f}`);
        assert.ok(html.includes(f), `report.html lists ${f}`);
      }
      await assertEveryFileParses(runDir);
    },
  );
});
