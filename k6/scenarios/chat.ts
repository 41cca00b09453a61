/** chat: closed model, each VU holds multi-turn conversations with think time. Logic in lib/chat.ts. */
import { chatConversation } from '../lib/chat.ts';
import { chatConfig } from '../lib/env.ts';
import { requireChatHealthy } from '../lib/health.ts';
import { summaryOutputs } from '../lib/summary.ts';

const cfg = chatConfig(__ENV);

export function setup(): void {
  requireChatHealthy(cfg.chat.baseUrl, cfg.chat.vm);
}

export function chatClosed(): void {
  chatConversation(cfg);
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(data, cfg.summaryPath);
}
