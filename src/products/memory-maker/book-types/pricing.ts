// Money is kept in integer cents; prices travel as dollars with two decimals (what the admin client shows and edits).

/** 19.99 → 1999. The schema allows at most two decimals; rounding only absorbs binary floating-point noise. */
export function toCents(dollars: number): number {
  return Math.round(dollars * 100);
}

/** 1999 → 19.99 (an exact two-decimal number for JSON). */
export function toDollars(cents: number): number {
  return Number((cents / 100).toFixed(2));
}

/** Whether a number has at most two decimals (19.99 yes, 19.999 no), tolerant of binary representation. */
export function hasAtMostTwoDecimals(n: number): boolean {
  return Number.isFinite(n) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6;
}
