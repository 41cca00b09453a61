/**
 * chat-open: open model — an arrival-rate executor starts conversations at a fixed rate whatever the
 * answers' latency (free of coordinated omission); k6 reports `dropped_iterations` when it runs out of VUs.
 * Logic in lib/chat.ts.
 */
import { chatConversation } from '../lib/chat.ts';
import { chatConfig } from '../lib/env.ts';
import { requireChatHealthy } from '../lib/health.ts';
import { summaryOutputs } from '../lib/summary.ts';

const cfg = chatConfig(__ENV);

export function setup(): void {
  requireChatHealthy(cfg.chat.baseUrl, cfg.chat.vm);
}

export function chatOpen(): void {
  chatConversation(cfg);
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(data, cfg.summaryPath);
}
