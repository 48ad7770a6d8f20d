// Calendar arithmetic on UTC days: daily limits, streaks and analytics windows all count days in UTC.

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the UTC day containing `ms`. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Start (00:00 UTC) of the day containing `ms`. */
export const startOfUtcDay = (ms: number): Date => new Date(Math.floor(ms / DAY_MS) * DAY_MS);

/** The next 00:00 UTC after `ms`: when daily counters start again. */
export const nextUtcMidnight = (ms: number): Date => new Date((Math.floor(ms / DAY_MS) + 1) * DAY_MS);

/** Whole days from day `a` to day `b` (both `YYYY-MM-DD`); negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** The day `n` days after `day`. */
export const addDays = (day: string, n: number): string => utcDay(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);

/** ISO week key (`2026-W49`) of a UTC day: "conversations in one week" counts by it. */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(d.getTime() + (3 - weekday) * DAY_MS);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - yearStart) / DAY_MS / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Python's `str(timedelta)` for durations under a day or more: `H:MM:SS` / `N days, H:MM:SS` (O answers it). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86_400);
  const rest = s % 86_400;
  const hms = `${Math.floor(rest / 3600)}:${String(Math.floor((rest % 3600) / 60)).padStart(2, '0')}:${String(rest % 60).padStart(2, '0')}`;
  return days > 0 ? `${days} day${days === 1 ? '' : 's'}, ${hms}` : hms;
}

/** Age by calendar year, as the age check counts it (the year of birth is all that is stored). */
export const ageFromBirthYear = (birthYear: number, nowMs: number): number => new Date(nowMs).getUTCFullYear() - birthYear;
