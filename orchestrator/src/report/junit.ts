/**
 * junit.xml: one testsuite per scenario, one testcase per criterion; a failed strict criterion is a
 * <failure> (message = observed vs threshold), no data is an <error>, an advisory miss is <skipped> with
 * the reason. The run's own verdict is one more testcase, with every fault observed in its <system-out>.
 * Jenkins, GitLab and GitHub test reporters read this subset.
 */
import { describeFailure } from '../verdict/failures.ts';
import { describeCriterion } from '../verdict/scenario.ts';
import type { Verdict } from '../verdict/types.ts';
import { criterionDecision } from '../scenario-result.ts';
import { esc, faultLines } from './format.ts';
import { generatorsJunitCase } from './generators.ts';
import { waiverWarning } from '../verdict/gate.ts';

export function junitReport(v: Verdict): string {
  const suites = v.scenarios.map((s) => {
    // Where the operations failed, so a CI server's failure message says what to fix, not only the number.
    const where = (s.failures ?? []).map((f) => `failed at ${describeFailure(f, 300)}`);
    const cases = s.criteria.map((c) => {
      const name = `${c.selector} ${c.expression}`;
      const msg = esc(describeCriterion(c));
      const detail = esc([describeCriterion(c), ...where].join('\n'));
      let body = '';
      const d = criterionDecision(c);
      if (d === 'no-data') body = `<error type="no-data" message="${msg}">${detail}</error>`;
      else if (d === 'inconclusive' && c.strict) body = `<error type="inconclusive" message="${msg}">${detail}</error>`;
      else if (d === 'fail' && c.strict)
        body = `<failure type="threshold" message="${esc([describeCriterion(c), ...where.slice(0, 1)].join('; '))}">${detail}</failure>`;
      else if (d !== 'pass') body = `<skipped message="advisory: ${msg}"/>`;
      if (c.disagreement) body += `<system-out>${esc(c.disagreement)}</system-out>`;
      return `    <testcase classname="loadgate.${esc(s.name)}" name="${esc(name)}" time="0">${body}</testcase>`;
    });
    if (s.status === 'error' || s.status === 'invalid')
      cases.push(
        `    <testcase classname="loadgate.${esc(s.name)}" name="scenario ${s.status === 'error' ? 'ran' : 'delivered its load'}" time="0"><error type="${s.status}" message="${esc(s.reasons.join('; '))}"/></testcase>`,
      );
    cases.push(...generatorsJunitCase(s));
    const decided = s.criteria.map((c) => ({ c, d: criterionDecision(c) }));
    const failures = decided.filter(({ c, d }) => d === 'fail' && c.strict).length;
    const errors =
      decided.filter(({ c, d }) => d === 'no-data' || (d === 'inconclusive' && c.strict)).length +
      (s.status === 'error' || s.status === 'invalid' ? 1 : 0);
    const skipped = decided.filter(({ c, d }) => (d === 'fail' || d === 'inconclusive') && !c.strict).length;
    const seconds = Math.max(0, (Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000) || 0;
    return `  <testsuite name="${esc(s.name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds.toFixed(3)}" timestamp="${esc(s.startedAt)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  suites.push(verdictSuite(v));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="loadgate ${esc(v.runId)}" tests="${v.scenarios.reduce((n, s) => n + s.criteria.length, 0) + 1}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/**
 * The run's own verdict as one more testcase, so a CI server that reads only junit.xml agrees with the exit
 * code: an ABORTED, INVALID or ERROR run is an <error> even when every criterion that ran passed. The faults
 * observed go to its <system-out>, where CI servers show them beside the result.
 */
function verdictSuite(v: Verdict): string {
  const why = v.reasons.length > 0 ? `: ${v.reasons.join('; ')}` : '';
  const faults = faultLines(v);
  // A status the gate policy waived exits 0, so the verdict's testcase is skipped (with why), not failed;
  // the criteria's own testcases above still show what failed.
  const waived = waiverWarning(v);
  const outcome =
    v.status === 'PASS'
      ? ''
      : waived !== undefined
        ? `<skipped message="${esc(`${waived}${why}`)}"/>`
        : v.status === 'FAIL'
          ? `<failure type="verdict" message="${esc(`FAIL (exit ${v.exitCode})${why}`)}"/>`
          : `<error type="verdict" message="${esc(`${v.status} (exit ${v.exitCode})${why}`)}"/>`;
  const out = faults.length > 0 ? `<system-out>faults observed:\n${esc(faults.join('\n'))}</system-out>` : '';
  const body = outcome + out === '' ? '' : `\n      ${[outcome, out].filter((x) => x !== '').join('\n      ')}\n    `;
  const failures = v.status === 'FAIL' && waived === undefined ? 1 : 0;
  const errors = v.status === 'PASS' || v.status === 'FAIL' || waived !== undefined ? 0 : 1;
  const skipped = waived === undefined ? 0 : 1;
  return `  <testsuite name="verdict" tests="1" failures="${failures}" errors="${errors}" skipped="${skipped}">\n    <testcase classname="loadgate" name="run ${esc(v.runId)}: ${esc(v.status)}">${body}</testcase>\n  </testsuite>`;
}
