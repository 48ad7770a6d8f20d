// Finding someone to invite by e-mail; a PRIVATE user is reported as BLOCKED and shows nothing.
import type { ProductContext } from '../../core/product.js';
import type { LookupResult } from './contacts.schemas.js';
import { findContactByEmail } from './users.repo.js';

export async function lookup(ctx: ProductContext, viewerId: string, email: string): Promise<LookupResult> {
  const found = await findContactByEmail(ctx.db.dz, ctx.slug, email.trim());
  if (!found) return { status: 'NOT_FOUND', user: null };
  if (found.privacyTier === 'PRIVATE' && found.id !== viewerId) return { status: 'BLOCKED', user: null };
  return { status: 'EXISTS', user: { id: found.id, display_name: found.displayName, profile_picture_url: found.profilePictureUrl } };
}
