// The hook for tokens another service issued (a product whose app signs users in elsewhere, e.g. Supabase Auth).
// The product checks the token and maps it to a local user; core decides when to ask and what the answer means.

/** What an externally issued token says once its signature, issuer, audience and lifetime are checked. */
export interface ExternalClaims {
  /** The issuer's stable id of the user (a rate-limit key while the local account is not looked up). */
  subject: string;
}

export interface ExternalTokens<C extends ExternalClaims = ExternalClaims> {
  /** The token's checked claims, or a rejection (any rejection is a 401). No database. */
  verify(token: string): Promise<C>;
  /**
   * The local user these claims stand for, found or made on the first call. May throw an `AppError` (an account
   * that cannot be linked). `active: false` answers like a deactivated account.
   */
  resolve(claims: C): Promise<{ userId: string; active: boolean }>;
}
