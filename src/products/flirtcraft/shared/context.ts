// FlirtCraft's settings (read from FLIRTCRAFT_<KEY>) and the context type every feature receives.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { ProductContext } from '../../../core/product.js';
import type { ClientInfo } from '../../../core/identity/identity.service.js';

export const settings = Type.Object({
  FREE_CONVERSATIONS_PER_DAY: Type.Integer({ default: 3, minimum: 0, description: 'conversations a free user may start per UTC day' }),
  PREMIUM_CONVERSATIONS_PER_DAY: Type.Integer({ default: 50, minimum: 0, description: 'conversations a premium user may start per UTC day' }),
  MAX_MESSAGES_PER_CONVERSATION: Type.Integer({
    default: 20,
    minimum: 2,
    maximum: 200,
    description: 'messages (user and partner together) in one conversation',
  }),
  EMAIL_VERIFICATION_REQUIRED: Type.Boolean({ default: true, description: 'sign-in needs a verified e-mail address (sign-up answers without tokens)' }),
  CLIENT_XP_DAILY_CAP: Type.Integer({ default: 100, minimum: 0, description: 'XP the app may award through POST /users/xp per user per UTC day' }),
  ABANDON_AFTER_HOURS: Type.Integer({ default: 24, minimum: 1, description: 'an active conversation without a message for this long is marked abandoned' }),
});
export type Settings = Static<typeof settings>;
export type Ctx = ProductContext<Settings>;

export const clientOf = (req: FastifyRequest): ClientInfo => ({ userAgent: req.headers['user-agent'], ip: req.ip });

export const API = '/api/v1';
export const bearer = [{ bearerAuth: [] }];
