// The Project Inside user: read mine, edit my profile, read someone I share a relationship with.
import { forbidden, invalidField, notFound } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import { shareRelationship } from '../relationships/relationships.repo.js';
import { isBlocked } from './blocks.repo.js';
import { findUserWithProfile, updateProfile, type ProfilePatch, type UserWithProfile } from './users.repo.js';
import type { User, UserUpdate } from './users.schemas.js';
import { isValidTimeZone } from '../../../core/time-zone.js';
import { checkProfilePicture } from './profile-picture.js';

/** The user as every route shows it (a missing profile row reads as an empty profile). */
export function presentUser(u: UserWithProfile): User {
  const p = u.profile;
  return {
    id: u.id,
    email: u.email,
    display_name: p?.displayName ?? null,
    pronouns: p?.pronouns ?? null,
    communication_style: p?.communicationStyle ?? null,
    goals: p?.goals ?? [],
    hobbies: p?.hobbies ?? [],
    birthday: p?.birthday ?? null,
    occupation: p?.occupation ?? null,
    privacy_tier: (p?.privacyTier ?? 'STANDARD') as User['privacy_tier'],
    profile_picture_url: p?.profilePictureUrl ?? null,
    bio: p?.bio ?? null,
    timezone: p?.timezone ?? null,
    has_voiceprint: p?.hasVoiceprint ?? false,
    personality_type: p?.personalityType ?? null,
    personal_description: p?.personalDescription ?? null,
    // Voice enrollment is not offered by this server: there is never a voice profile to point at.
    voice_profile_id: null,
    voice_print_data: null,
    created_at: u.createdAt.toISOString(),
  };
}

async function load(ctx: ProductContext, userId: string): Promise<UserWithProfile> {
  const u = await findUserWithProfile(ctx.db.dz, ctx.slug, userId);
  if (!u) throw notFound('User not found', 'user_not_found');
  return u;
}

export async function getMe(ctx: ProductContext, userId: string): Promise<User> {
  return presentUser(await load(ctx, userId));
}

/** Self, or someone sharing an active relationship with me (both accepted, not blocked by them); anyone else is refused. */
export async function getUser(ctx: ProductContext, viewerId: string, userId: string): Promise<User> {
  if (userId === viewerId) return getMe(ctx, userId);
  const found = await findUserWithProfile(ctx.db.dz, ctx.slug, userId);
  if (!found) throw notFound('User not found', 'user_not_found');
  // Both accepted members of one active relationship, and not blocked by them.
  if (!(await shareRelationship(ctx.db.dz, viewerId, userId)) || (await isBlocked(ctx.db.dz, userId, viewerId))) {
    throw forbidden('You do not share a relationship with this user', 'not_related');
  }
  return presentUser(found);
}

const EARLIEST_BIRTHDAY = '1900-01-01';

function checkBirthday(day: string, today: string): void {
  // The schema checked the calendar (format: date); what's left is "a plausible day in the past".
  if (day < EARLIEST_BIRTHDAY || day >= today) {
    throw invalidField(['body', 'birthday'], `Value error, birthday must be a past date on or after ${EARLIEST_BIRTHDAY}`, day);
  }
}

function checkPicture(value: string): void {
  const r = checkProfilePicture(value);
  // The input is echoed back in the error only when it is short (a data URL can be megabytes).
  if (!r.ok) throw invalidField(['body', 'profile_picture_url'], `Value error, ${r.reason}`, value.length > 200 ? `${value.slice(0, 200)}…` : value);
}

/** PATCH /users/me: absent fields stay, null clears a nullable field, an empty body changes nothing. */
export async function updateMe(ctx: ProductContext, userId: string, body: UserUpdate): Promise<User> {
  const now = new Date(ctx.now());
  if (body.birthday) checkBirthday(body.birthday, now.toISOString().slice(0, 10));
  if (body.timezone && !isValidTimeZone(body.timezone)) {
    throw invalidField(['body', 'timezone'], 'Value error, unknown time zone (use an IANA name such as Europe/Paris)', body.timezone);
  }
  if (typeof body.profile_picture_url === 'string') checkPicture(body.profile_picture_url);
  const trim = (v: string | null | undefined) => (typeof v === 'string' ? v.trim() : v);
  const patch: ProfilePatch = {};
  if (body.display_name !== undefined) patch.displayName = trim(body.display_name)!;
  if (body.pronouns !== undefined) patch.pronouns = body.pronouns;
  if (body.communication_style !== undefined) patch.communicationStyle = body.communication_style;
  if (body.goals !== undefined) patch.goals = body.goals;
  if (body.hobbies !== undefined) patch.hobbies = body.hobbies;
  if (body.birthday !== undefined) patch.birthday = body.birthday;
  if (body.occupation !== undefined) patch.occupation = body.occupation;
  if (body.privacy_tier !== undefined) patch.privacyTier = body.privacy_tier;
  if (body.profile_picture_url !== undefined) patch.profilePictureUrl = body.profile_picture_url;
  if (body.bio !== undefined) patch.bio = body.bio;
  if (body.timezone !== undefined) patch.timezone = body.timezone;
  if (body.personality_type !== undefined) patch.personalityType = body.personality_type;
  if (body.personal_description !== undefined) patch.personalDescription = body.personal_description;
  const user = await load(ctx, userId);
  if (Object.keys(patch).length === 0) return presentUser(user);
  const profile = await updateProfile(ctx.db.dz, userId, patch, now);
  return presentUser({ ...user, profile });
}
