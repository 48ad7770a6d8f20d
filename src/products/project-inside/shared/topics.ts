// Hub topics of Project Inside's live sockets (shared by every feature that publishes events).

/** One user's notification sockets (`/v1/interaction/notifications`): emoji_poke, notification.new. */
export const userTopic = (userId: string) => `project-inside:user:${userId}`;

/** Every participant socket of one coaching session: session_state, nudges. */
export const sessionTopic = (sessionId: string) => `project-inside:session:${sessionId}`;

/** A session participant's own socket(s) in that session (nudges go to the speaker only). */
export const participantTopic = (sessionId: string, userId: string) => `project-inside:session:${sessionId}:user:${userId}`;
