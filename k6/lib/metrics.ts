/**
 * The custom metrics the scripts emit. Names and tags are exactly those of orchestrator/src/catalog.ts
 * (a test checks it). k6 metrics must be created in the init context: importing this module does that.
 */
import { Counter, Rate, Trend } from 'k6/metrics';

/** Counted per retry, tagged `reason`: a retry never hides a failure. */
export const retries = new Counter('loadgate_retries');
/** One sample per failed operation, its value the tries it took, tagged where and how it failed (failures.ts). */
export const failures = new Counter('loadgate_failures');
/** One sample per VU, at its first request (http.ts): the VUs reached, however short the run. */
export const vuStarted = new Counter('loadgate_vu_started');

// AFIRGen
export const firStepDuration = new Trend('fir_step_duration', true);
export const firE2eDuration = new Trend('fir_e2e_duration', true);
export const firCompleted = new Rate('fir_completed');
export const firViolations = new Trend('fir_violations');

// AutoBot chat
export const chatTurnDuration = new Trend('chat_turn_duration', true);
export const chatFailed = new Rate('chat_failed');
export const chatStreamFirstEvent = new Trend('chat_stream_first_event', true);
export const chatStreamDuration = new Trend('chat_stream_duration', true);
export const chatStreamFailed = new Rate('chat_stream_failed');
