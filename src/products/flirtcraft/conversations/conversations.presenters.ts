// Rows → what the app reads.
import type { ConversationRow, MessageRow } from '../db.js';
import type { Feedback as FeedbackData } from '../partner/feedback.js';

export function presentMessage(m: MessageRow) {
  return {
    id: m.id,
    conversation_id: m.conversationId,
    sender_type: m.senderType,
    content: m.content,
    message_order: m.messageOrder,
    ai_body_language: m.aiBodyLanguage,
    ai_receptiveness: m.aiReceptiveness,
    body_language: m.aiBodyLanguage,
    receptiveness: m.aiReceptiveness,
    feedback_type: m.feedbackType as 'positive' | 'neutral' | 'warning' | 'tip' | null,
    feedback_content: m.feedbackContent,
    feedback_score: m.feedbackScore,
    timestamp: m.createdAt.toISOString(),
  };
}

export function presentFeedback(c: ConversationRow & { feedback: FeedbackData }) {
  const f = c.feedback;
  return {
    id: c.id,
    conversation_id: c.id,
    overall_score: f.overall_score,
    tier: f.tier,
    outcome_level: f.tier,
    engagement_score: f.engagement_score,
    responsiveness_score: f.responsiveness_score,
    storytelling_score: f.storytelling_score,
    emotional_intelligence_score: f.emotional_intelligence_score,
    momentum_score: f.momentum_score,
    flirtation_score: f.flirtation_score,
    conversation_flow_score: f.conversation_flow_score,
    confidence_level_score: f.confidence_level_score,
    strengths: f.strengths,
    areas_for_improvement: f.areas_for_improvement,
    specific_suggestions: f.specific_suggestions,
    suggestions: f.suggestions,
    next_practice_focus: f.next_practice_focus,
    encouragement: f.encouragement,
    feedback_text: f.feedback_text,
    created_at: (c.endTime ?? c.updatedAt ?? c.createdAt).toISOString(),
  };
}

export function presentConversation(c: ConversationRow, max: number, o: { messages?: MessageRow[]; withFeedback?: boolean } = {}) {
  return {
    id: c.id,
    user_id: c.userId,
    scenario_type: c.scenarioType,
    difficulty_level: c.difficultyLevel,
    status: c.status,
    ai_character_context: c.aiCharacterContext,
    start_time: c.startTime.toISOString(),
    end_time: c.endTime?.toISOString() ?? null,
    total_messages: c.totalMessages,
    max_messages: max,
    can_continue: c.status === 'active' && c.totalMessages + 2 <= max,
    session_score: c.sessionScore,
    outcome: c.outcomeLevel,
    outcome_level: c.outcomeLevel,
    created_at: c.createdAt.toISOString(),
    ...(o.messages ? { messages: o.messages.map(presentMessage) } : {}),
    ...(o.withFeedback ? { feedback: c.feedback ? presentFeedback({ ...c, feedback: c.feedback }) : null } : {}),
  };
}
