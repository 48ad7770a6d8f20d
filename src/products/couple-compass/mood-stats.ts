// Pure mood statistics: trend and streaks over local calendar days.

/** `YYYY-MM-DD` of an instant in a time zone. */
export function localDay(tz: string, at: Date): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The last 7 days against the 7 before: a difference over ±0.3 is a trend. */
export function trend(entries: { day: string; level: number }[], today: string): 'improving' | 'declining' | 'stable' {
  const recentFrom = addDays(today, -6);
  const priorFrom = addDays(today, -13);
  const avg = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : undefined);
  const recent = avg(entries.filter((e) => e.day >= recentFrom && e.day <= today).map((e) => e.level));
  const prior = avg(entries.filter((e) => e.day >= priorFrom && e.day < recentFrom).map((e) => e.level));
  if (recent === undefined || prior === undefined) return 'stable';
  if (recent - prior > 0.3) return 'improving';
  if (recent - prior < -0.3) return 'declining';
  return 'stable';
}

/** Days are distinct and newest first. The current streak counts only if it reaches today or yesterday. */
export function streaks(daysDesc: string[], today: string): { current: number; longest: number } {
  let longest = 0;
  let run = 0;
  let prev: string | undefined;
  for (const d of daysDesc) {
    run = prev !== undefined && addDays(d, 1) === prev ? run + 1 : 1;
    longest = Math.max(longest, run);
    prev = d;
  }
  let current = 0;
  const first = daysDesc[0];
  if (first === today || first === addDays(today, -1)) {
    current = 1;
    for (let i = 1; i < daysDesc.length && addDays(daysDesc[i]!, 1) === daysDesc[i - 1]; i++) current++;
  }
  return { current, longest };
}
