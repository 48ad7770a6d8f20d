// The events table: written by every step (sign-up, onboarding, conversations, AI calls), read by analytics.
import { and, count, countDistinct, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { events } from '../db.js';

export interface NewEvent {
  userId: string | null;
  type: string;
  at: Date;
  data?: Record<string, unknown>;
  source?: 'server' | 'client';
}

export async function recordEvent(dz: Dz, e: NewEvent): Promise<void> {
  await dz.insert(events).values({ userId: e.userId, eventType: e.type, data: e.data ?? {}, source: e.source ?? 'server', createdAt: e.at });
}

const server = eq(events.source, 'server');

/** A key of `data` inlined as a literal (GROUP BY must see the same expression, not two parameters). */
function key(field: string) {
  if (!/^[a-z_]+$/.test(field)) throw new Error(`bad event field ${field}`);
  return sql.raw(`'${field}'`);
}
const between = (from: Date, to: Date) => and(gte(events.createdAt, from), lt(events.createdAt, to));

/** Server events of these types in [from, to), counted per type. */
export async function countByType(dz: Dz, types: readonly string[], from: Date, to: Date): Promise<Record<string, number>> {
  const rows = await dz
    .select({ type: events.eventType, n: count() })
    .from(events)
    .where(and(server, inArray(events.eventType, [...types]), between(from, to)))
    .groupBy(events.eventType);
  return Object.fromEntries(rows.map((r) => [r.type, r.n]));
}

/** Distinct users with a server event of one of the types (any when empty) in [from, to). */
export async function distinctUsers(dz: Dz, from: Date, to: Date, types: readonly string[] = []): Promise<number> {
  const [r] = await dz
    .select({ n: countDistinct(events.userId) })
    .from(events)
    .where(and(server, between(from, to), types.length > 0 ? inArray(events.eventType, [...types]) : undefined));
  return r?.n ?? 0;
}

/** Server events per hour bucket (`YYYYMMDDHH`, UTC) and type, in [from, to). */
export async function hourly(dz: Dz, from: Date, to: Date): Promise<{ hour: string; type: string; n: number }[]> {
  const hour = sql<string>`to_char(${events.createdAt} AT TIME ZONE 'UTC', 'YYYYMMDDHH24')`;
  return dz
    .select({ hour, type: events.eventType, n: count() })
    .from(events)
    .where(and(server, between(from, to)))
    .groupBy(hour, events.eventType);
}

/** Users of the range's `user_registered` events that also have an event of `type` (ever). */
export async function registeredWith(dz: Dz, from: Date, to: Date, type: string): Promise<{ registered: number; with: number }> {
  const reg = dz
    .select({ userId: events.userId })
    .from(events)
    .where(and(server, eq(events.eventType, 'user_registered'), between(from, to)));
  const [all] = await dz
    .select({ n: countDistinct(events.userId) })
    .from(events)
    .where(and(server, eq(events.eventType, 'user_registered'), between(from, to)));
  const [w] = await dz
    .select({ n: countDistinct(events.userId) })
    .from(events)
    .where(and(server, eq(events.eventType, type), inArray(events.userId, reg)));
  return { registered: all?.n ?? 0, with: w?.n ?? 0 };
}

/** Users active in [from, to) on at least two distinct UTC days, and all active users there. */
export async function retention(dz: Dz, from: Date, to: Date): Promise<{ active: number; retained: number }> {
  const day = sql`(${events.createdAt} AT TIME ZONE 'UTC')::date`;
  const perUser = dz
    .select({ userId: events.userId, days: sql<number>`count(DISTINCT ${day})`.as('days') })
    .from(events)
    .where(and(server, between(from, to), sql`${events.userId} IS NOT NULL`))
    .groupBy(events.userId)
    .as('per_user');
  const [r] = await dz.select({ active: count(), retained: sql<number>`count(*) FILTER (WHERE ${perUser.days} >= 2)`.mapWith(Number) }).from(perUser);
  return { active: r?.active ?? 0, retained: r?.retained ?? 0 };
}

/** Per-user distinct counts of onboarding steps completed / skipped, from `onboarding_step` events in range. */
export async function stepCounts(dz: Dz, from: Date, to: Date): Promise<{ step: string; action: string; users: number }[]> {
  const step = sql<string>`${events.data}->>'step_id'`;
  const action = sql<string>`${events.data}->>'action'`;
  return dz
    .select({ step, action, users: countDistinct(events.userId) })
    .from(events)
    .where(and(server, eq(events.eventType, 'onboarding_step'), between(from, to)))
    .groupBy(step, action);
}

/** Numeric field statistics of events of one type in range: average of `data.<field>` and the count. */
export async function averageOf(dz: Dz, type: string, field_: string, from: Date, to: Date): Promise<{ avg: number | null; n: number }> {
  const field = key(field_);
  const v = sql`(${events.data}->>${field})::numeric`;
  const [r] = await dz
    .select({ avg: sql<string | null>`avg(${v})`, n: count() })
    .from(events)
    .where(and(server, eq(events.eventType, type), between(from, to), sql`jsonb_typeof(${events.data}->${field}) = 'number'`));
  return { avg: r?.avg === null || r?.avg === undefined ? null : Number(r.avg), n: r?.n ?? 0 };
}

/** Counts of a string field's values among events of one type in range. */
export async function distributionOf(dz: Dz, type: string, field_: string, from: Date, to: Date): Promise<Record<string, number>> {
  const field = key(field_);
  const v = sql<string>`${events.data}->>${field}`;
  const rows = await dz
    .select({ v, n: count() })
    .from(events)
    .where(and(server, eq(events.eventType, type), between(from, to), sql`(${events.data}->>${field}) IS NOT NULL`))
    .groupBy(v);
  return Object.fromEntries(rows.map((r) => [r.v, r.n]));
}

/** Hourly average and count of a numeric field (AI latency), and the share of true values of a boolean one. */
export async function hourlyAverage(dz: Dz, type: string, field_: string, from: Date, to: Date): Promise<{ hour: string; average: number; count: number }[]> {
  const field = key(field_);
  const hour = sql<string>`to_char(${events.createdAt} AT TIME ZONE 'UTC', 'YYYYMMDDHH24')`;
  const v = sql`(CASE jsonb_typeof(${events.data}->${field}) WHEN 'number' THEN (${events.data}->>${field})::numeric WHEN 'boolean' THEN (CASE WHEN (${events.data}->>${field})::boolean THEN 1 ELSE 0 END) END)`;
  const rows = await dz
    .select({ hour, average: sql<string>`avg(${v})`, count: count() })
    .from(events)
    .where(and(server, eq(events.eventType, type), between(from, to)))
    .groupBy(hour)
    .orderBy(hour);
  return rows.map((r) => ({ hour: r.hour, average: Number(r.average ?? 0), count: r.count }));
}

export async function userEvents(dz: Dz, userId: string) {
  return dz.select().from(events).where(eq(events.userId, userId)).orderBy(events.createdAt);
}

export async function deleteUserEvents(dz: Dz, userId: string): Promise<void> {
  await dz.delete(events).where(eq(events.userId, userId));
}

export async function countAll(dz: Dz, from: Date, to: Date): Promise<number> {
  const [r] = await dz
    .select({ n: count() })
    .from(events)
    .where(and(server, between(from, to)));
  return r?.n ?? 0;
}
