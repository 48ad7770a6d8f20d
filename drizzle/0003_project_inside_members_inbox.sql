CREATE TABLE "project_inside"."blocks" (
	"blocker_id" uuid NOT NULL,
	"blocked_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "blocks_blocker_id_blocked_id_pk" PRIMARY KEY("blocker_id","blocked_id")
);
--> statement-breakpoint
CREATE TABLE "project_inside"."devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token" varchar(512) NOT NULL,
	"platform" varchar(10) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_inside"."notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"sender_id" uuid,
	"type" varchar(30) NOT NULL,
	"title" varchar(200) NOT NULL,
	"message" varchar(1000) NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"read" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_inside"."profiles" ADD COLUMN "personality_type" jsonb;--> statement-breakpoint
ALTER TABLE "project_inside"."profiles" ADD COLUMN "personal_description" varchar(2000);--> statement-breakpoint
ALTER TABLE "project_inside"."relationship_members" ADD COLUMN "member_status" varchar(20) DEFAULT 'ACCEPTED' NOT NULL;--> statement-breakpoint
ALTER TABLE "project_inside"."relationship_members" ADD COLUMN "added_by" uuid;--> statement-breakpoint
ALTER TABLE "project_inside"."relationship_members" ADD COLUMN "responded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "project_inside"."blocks" ADD CONSTRAINT "blocks_blocker_id_users_id_fk" FOREIGN KEY ("blocker_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."blocks" ADD CONSTRAINT "blocks_blocked_id_users_id_fk" FOREIGN KEY ("blocked_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."devices" ADD CONSTRAINT "devices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."notifications" ADD CONSTRAINT "notifications_sender_id_users_id_fk" FOREIGN KEY ("sender_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "blocks_blocked_idx" ON "project_inside"."blocks" USING btree ("blocked_id");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_token_idx" ON "project_inside"."devices" USING btree ("token");--> statement-breakpoint
CREATE INDEX "devices_user_idx" ON "project_inside"."devices" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "project_inside"."notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_sender_idx" ON "project_inside"."notifications" USING btree ("sender_id");--> statement-breakpoint
ALTER TABLE "project_inside"."relationship_members" ADD CONSTRAINT "relationship_members_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "identity"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Consent answers move to the mobile app's vocabulary (statuses DRAFT/ACTIVE/REVOKED, the app's four scopes).
UPDATE "project_inside"."consents" SET
  "status" = CASE "status" WHEN 'ACCEPTED' THEN 'ACTIVE' WHEN 'PENDING' THEN 'DRAFT' WHEN 'DECLINED' THEN 'REVOKED' ELSE "status" END,
  "scopes" = coalesce((
    SELECT jsonb_agg(s ORDER BY array_position(ARRAY['REALTIME_FEATURES_ONLY','SUMMARY_SHARED','TRANSCRIPT_STORED','MEDIATION_ALLOWED']::text[], s))
    FROM (
      SELECT DISTINCT CASE e
        WHEN 'audio_features' THEN 'REALTIME_FEATURES_ONLY'
        WHEN 'live_nudges' THEN 'REALTIME_FEATURES_ONLY'
        WHEN 'session_reports' THEN 'SUMMARY_SHARED'
        WHEN 'share_reports_with_partner' THEN 'SUMMARY_SHARED'
        WHEN 'activity_suggestions' THEN 'SUMMARY_SHARED'
        WHEN 'transcripts' THEN 'TRANSCRIPT_STORED'
        WHEN 'REALTIME_FEATURES_ONLY' THEN e WHEN 'SUMMARY_SHARED' THEN e WHEN 'TRANSCRIPT_STORED' THEN e WHEN 'MEDIATION_ALLOWED' THEN e
      END AS s
      FROM jsonb_array_elements_text("scopes") AS e
    ) x WHERE s IS NOT NULL), '[]'::jsonb);
