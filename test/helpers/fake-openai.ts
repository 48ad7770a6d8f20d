// A fake OpenAI-compatible chat-completions server for tests: records every request, answers what the test says.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  path: string;
  body: Record<string, unknown>;
}

/** What to answer (to speech requests, any text means success): a chat reply's text, a status with a body, or 'hang' (never answer: a timeout). */
export type FakeAnswer = string | { status: number; body?: unknown } | 'hang';

export interface FakeOpenAi {
  url: string;
  requests: FakeRequest[];
  /** Answers in order; the last one repeats. */
  answer(...answers: FakeAnswer[]): void;
  close(): Promise<void>;
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: FakeRequest[] = [];
  let queue: FakeAnswer[] = ['ok'];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(data) as Record<string, unknown>;
      } catch {
        /* multipart (transcription) */
      }
      requests.push({ path: req.url ?? '', body });
      const a = queue.length > 1 ? queue.shift()! : queue[0]!;
      if (a === 'hang') {
        hanging.add(res);
        return;
      }
      if (typeof a === 'string' && req.url?.endsWith('/audio/speech')) {
        // Speech: recognisable bytes that carry the text read (an MP3 decoder is not needed by the tests).
        res.writeHead(200, { 'content-type': 'audio/mpeg' });
        res.end(Buffer.from(`ID3fake-mp3:${String(body.voice)}:${String(body.input)}`));
        return;
      }
      if (typeof a === 'string') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'c1',
            object: 'chat.completion',
            created: 0,
            model: 'fake',
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: a } }],
          }),
        );
        return;
      }
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body ?? { error: { message: 'fake failure' } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    answer(...answers) {
      queue = answers;
    },
    async close() {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
