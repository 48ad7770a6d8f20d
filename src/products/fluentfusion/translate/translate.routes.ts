// POST /api/translate: the web client's Live Translation page.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { ProductContext } from '../../../core/product.js';
import { security } from '../schemas.js';
import { TranslateBody, TranslationResult, TranslationUnavailable } from './translate.schemas.js';
import { createTranslator } from './translate.service.js';

const tags = ['Translation'];

/** The length limit applies to the text without the whitespace around it, which is never part of a translation. */
async function trimText(req: FastifyRequest): Promise<void> {
  const body = req.body as { text?: unknown } | null | undefined;
  if (body && typeof body === 'object' && typeof body.text === 'string') body.text = body.text.trim();
}

/** Mounted under /api. */
export const translateRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  const translator = createTranslator(ctx);
  const limit = ctx.product.limits.TRANSLATIONS_PER_USER!;
  app.post(
    '/translate',
    {
      preValidation: [ctx.auth.preHandler, trimText],
      schema: {
        tags,
        security,
        summary: "Translate a short text: the lessons' phrase book first, the AI engine otherwise",
        description:
          'Words and phrases the lessons teach (English ↔ Kinyarwanda, English ↔ French) are answered from the lessons, with how to ' +
          'say them and when to use them; case, surrounding spaces and a final ?.! do not matter. Other texts go to the AI engine and ' +
          'its answers are kept in memory, so a repeat costs nothing. Without an AI engine (or when it fails) such a text answers ' +
          `503 rather than a made-up translation. Only calls that reach the engine count against the limit: ${limit.max} per ` +
          `${limit.windowS} s per learner, then 429 with Retry-After. Same source and target language → the text unchanged. ` +
          'Blank text or an unsupported language code → 400 with the reason; a text past 500 characters → 422.',
        body: TranslateBody,
        response: { 200: TranslationResult, 503: TranslationUnavailable },
      },
    },
    async (req) => translator.translate(currentUser(req).id, req.body),
  );
};
