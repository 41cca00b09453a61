/** chat-stream: conversations over POST /api/chat/stream (SSE); error events in a 200 stream fail. */
import { chatStreamConversation } from '../lib/chat.ts';
import { chatConfig } from '../lib/env.ts';
import { requireChatHealthy } from '../lib/health.ts';
import { summaryOutputs } from '../lib/summary.ts';

const cfg = chatConfig(__ENV);

export function setup(): void {
  requireChatHealthy(cfg.chat.baseUrl, cfg.chat.vm);
}

export function chatStream(): void {
  chatStreamConversation(cfg);
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(data, cfg.summaryPath);
}
