// Placeholder: replaced by the invites feature.
import type { Tx } from '../../core/db/connect.js';
import type { ProductContext } from '../../core/product.js';

/** Throws a 400 when the token is not a valid pending invite. */
export async function checkInviteForSignup(_ctx: ProductContext, _token: string): Promise<void> {}

/** Inside the sign-up transaction: marks the invite accepted and adds the new user to its relationship. */
export async function acceptInviteOnSignup(_ctx: ProductContext, _tx: Tx, _u: { userId: string; email: string; token: string }): Promise<void> {}
