// Operations the sweep may not exercise in some way, each with the reason. Keys: "METHOD /path" as in OpenAPI.
export const EXEMPT: Record<string, Record<string, string>> = {
  'couple-compass': {
    'POST /couple-compass/api/v1/journals/voice-notes': 'bad-input: multipart upload, not a JSON body; covered by voice-notes.test.ts',
  },
  'project-inside': {
    'PATCH /project-inside/v1/users/me':
      'body-limit: takes a profile picture inline as a data URL (up to 5 MB of image), so its body limit is 8 MB, not 1 MB; its 413 is tested in users.routes.test.ts',
  },
};

/** Bodies that answer 2xx but aren't JSON (files): schema check skipped, status still checked. */
export const BINARY_RESPONSES = new Set([
  'GET /couple-compass/api/v1/journals/voice-notes/{voice_note_id}/download',
  'GET /memory-maker/api/v1/books/{book_id}/pdf',
  'GET /memory-maker/api/v1/books/{book_id}/audio',
]);
