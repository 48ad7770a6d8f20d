// Pure mood statistics: trend and streaks over local calendar days.

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The last 7 days against the 7 before: a difference over ±0.3 is a trend. */
export function trend(entries: { day: string; level: number }[], today: string): 'improving' | 'declining' | 'stable' {
  const recentFrom = addDays(today, -6);
  const priorFrom = addDays(today, -13);
  const recent = entries.filter((e) => e.day >= recentFrom && e.day <= today).map((e) => e.level);
  const prior = entries.filter((e) => e.day >= priorFrom && e.day < recentFrom).map((e) => e.level);
  if (recent.length === 0 || prior.length === 0) return 'stable';
  // avg(recent) − avg(prior) against ±0.3, cross-multiplied so integer levels compare exactly: with float
  // averages 1.3 − 1.0 lands above 0.3 but 2.3 − 2.0 below it.
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const diff = 10 * (sum(recent) * prior.length - sum(prior) * recent.length);
  const bound = 3 * recent.length * prior.length;
  if (diff > bound) return 'improving';
  if (diff < -bound) return 'declining';
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
