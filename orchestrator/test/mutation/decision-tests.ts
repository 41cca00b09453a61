/**
 * The unit tests of the decision code in one module, for `make mutation` (stryker.config.json): Stryker's
 * command runner runs scripts/mutation-tests.js once per mutant, which bundles this file once per sandbox and
 * runs the bundle with a bare `node` (no tsx start per mutant). Only pure tests belong here: no lab, no k6, no
 * network. Not a test file itself (no `.test.ts`), so scripts/test.ts never runs these twice.
 */
import '../unit/criteria/expression.test.ts';
import '../unit/criteria/boundaries.test.ts';
import '../unit/criteria/confidence.test.ts';
import '../unit/verdict/build.test.ts';
import '../unit/verdict/precedence.test.ts';
import '../unit/verdict/confidence.test.ts';
import '../unit/verdict/gate.test.ts';
import '../unit/verdict/scenario.test.ts';
import '../unit/verdict/script-aborted.test.ts';
import '../unit/verdict/load-validity.test.ts';
import '../unit/verdict/load-executors.test.ts';
import '../unit/engines/k6/cross-check.test.ts';
import '../unit/engines/k6/judge.test.ts';
import '../unit/verdict/compare.test.ts';
import '../unit/verdict/compare-edges.test.ts';
import '../unit/verdict/mann-whitney.test.ts';
import '../unit/report/junit.test.ts';
import '../unit/report/failures.test.ts';
