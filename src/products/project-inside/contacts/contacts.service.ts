// Finding someone to invite by e-mail; a PRIVATE user, or one who blocked me, is reported as BLOCKED and shows nothing.
import type { ProductContext } from '../../../core/product.js';
import type { LookupResult } from './contacts.schemas.js';
import { findContactByEmail } from '../users/users.repo.js';
import { isBlocked } from '../users/blocks.repo.js';

export async function lookup(ctx: ProductContext, viewerId: string, email: string): Promise<LookupResult> {
  const found = await findContactByEmail(ctx.db.dz, ctx.slug, email.trim());
  if (!found) return { status: 'NOT_FOUND', user: null };
  if (found.id !== viewerId && (found.privacyTier === 'PRIVATE' || (await isBlocked(ctx.db.dz, found.id, viewerId)))) return { status: 'BLOCKED', user: null };
  return { status: 'EXISTS', user: { id: found.id, display_name: found.displayName, profile_picture_url: found.profilePictureUrl } };
}
