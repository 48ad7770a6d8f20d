// Dates from request bodies, checked against what PostgreSQL can store (JS Date accepts far more and rolls
// impossible days over: `new Date('2021-02-30')` is March 2, year 0 and ±275760 parse but the database refuses them).

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day `YYYY-MM-DD`, year 1–9999. */
export function isCalendarDay(day: string): boolean {
  if (!DAY.test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day && day >= '0001-01-01';
}

/** The instant a date or datetime string names, or undefined when it is not one the database can store. */
export function parseStorableDate(value: string): Date | undefined {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return undefined;
  const year = d.getUTCFullYear();
  if (year < 1 || year > 9999) return undefined;
  const day = /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0];
  if (day !== undefined && !isCalendarDay(day)) return undefined;
  return d;
}
