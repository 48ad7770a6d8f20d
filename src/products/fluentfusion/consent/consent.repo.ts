// Consent records and data-rights requests: the only place that touches `fluentfusion.consent_records` and
// `fluentfusion.data_requests`.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { consentRecords, dataRequests } from '../db.js';
import type { ConsentType } from './kinds.js';

export type ConsentRow = typeof consentRecords.$inferSelect;
export type NewConsent = Pick<ConsentRow, 'userId' | 'consentType' | 'version' | 'accepted' | 'sessionId' | 'acceptedAt' | 'revokedAt'>;
export type DataRequestRow = typeof dataRequests.$inferSelect;
export type NewDataRequest = Omit<DataRequestRow, 'id' | 'seq'>;

/** Serialises one learner's answers about one consent type until the transaction ends. */
export async function lockConsentType(dz: Dz, userId: string, type: ConsentType): Promise<void> {
  await dz.execute(sql`select pg_advisory_xact_lock(hashtext(${`ff-consent:${userId}:${type}`}))`);
}

/** The learner's current answer about `type`: the last one recorded. */
export async function latestConsent(dz: Dz, userId: string, type: ConsentType): Promise<ConsentRow | undefined> {
  const [row] = await dz
    .select()
    .from(consentRecords)
    .where(and(eq(consentRecords.userId, userId), eq(consentRecords.consentType, type)))
    .orderBy(desc(consentRecords.seq))
    .limit(1);
  return row;
}

export async function insertConsent(dz: Dz, row: NewConsent): Promise<ConsentRow> {
  const [r] = await dz.insert(consentRecords).values(row).returning();
  return r!;
}

/** Withdraws one acceptance of the learner's (the id alone never reaches another learner's row). */
export async function withdrawConsent(dz: Dz, userId: string, id: string, at: Date): Promise<void> {
  await dz
    .update(consentRecords)
    .set({ accepted: false, revokedAt: at })
    .where(and(eq(consentRecords.id, id), eq(consentRecords.userId, userId)));
}

export async function listConsents(dz: Dz, userId: string, page: { skip: number; limit: number }): Promise<ConsentRow[]> {
  return dz.select().from(consentRecords).where(eq(consentRecords.userId, userId)).orderBy(desc(consentRecords.seq)).offset(page.skip).limit(page.limit);
}

/** All of a learner's consent records, oldest first (GDPR export). */
export async function consentsOfUser(dz: Dz, userId: string): Promise<ConsentRow[]> {
  return dz.select().from(consentRecords).where(eq(consentRecords.userId, userId)).orderBy(asc(consentRecords.seq));
}

export async function insertDataRequest(dz: Dz, row: NewDataRequest): Promise<DataRequestRow> {
  const [r] = await dz.insert(dataRequests).values(row).returning();
  return r!;
}

export async function listDataRequests(dz: Dz, userId: string, page: { skip: number; limit: number }): Promise<DataRequestRow[]> {
  return dz.select().from(dataRequests).where(eq(dataRequests.userId, userId)).orderBy(desc(dataRequests.seq)).offset(page.skip).limit(page.limit);
}

/** All of a learner's data-rights requests, oldest first (GDPR export). */
export async function dataRequestsOfUser(dz: Dz, userId: string): Promise<DataRequestRow[]> {
  return dz.select().from(dataRequests).where(eq(dataRequests.userId, userId)).orderBy(asc(dataRequests.seq));
}
