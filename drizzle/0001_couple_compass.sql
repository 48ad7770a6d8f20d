CREATE TABLE "couple_compass"."chat_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"inviter_id" uuid NOT NULL,
	"invitee_id" uuid NOT NULL,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."chat_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"sender_id" uuid,
	"role" varchar(20) NOT NULL,
	"content" text NOT NULL,
	"suggested_actions" jsonb,
	"confidence_score" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."chat_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"couple_id" uuid,
	"partner_id" uuid,
	"title" varchar(200) NOT NULL,
	"summary" text,
	"session_type" varchar(20) DEFAULT 'individual' NOT NULL,
	"message_count" integer DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."couple_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"couple_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" varchar(20) DEFAULT 'partner' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."couples" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" varchar(20) DEFAULT 'active' NOT NULL,
	"anniversary_date" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."journals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"couple_id" uuid,
	"content" text NOT NULL,
	"visibility" varchar(20) DEFAULT 'private' NOT NULL,
	"sentiment_score" integer,
	"themes" jsonb,
	"content_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."mood_checkins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"couple_id" uuid,
	"mood_level" integer NOT NULL,
	"notes" text,
	"context_tags" jsonb,
	"checkin_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."partner_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" varchar(8) NOT NULL,
	"created_by_user_id" uuid NOT NULL,
	"couple_id" uuid,
	"used_by_user_id" uuid,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone,
	CONSTRAINT "partner_links_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."quiz_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quiz_id" uuid NOT NULL,
	"key" varchar(100) NOT NULL,
	"prompt" text NOT NULL,
	"kind" varchar(50) NOT NULL,
	"options_json" jsonb,
	"category" varchar(50),
	"order_index" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."quiz_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"quiz_id" uuid NOT NULL,
	"responses_json" jsonb NOT NULL,
	"scores_json" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."quizzes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" varchar(100) NOT NULL,
	"title" varchar(255) NOT NULL,
	"description" text,
	"type" varchar(50) NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"order_index" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone,
	CONSTRAINT "quizzes_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."relationship_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"quiz_id" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"overall_score" real NOT NULL,
	"interpretation" varchar(20) NOT NULL,
	"category_scores" jsonb NOT NULL,
	"insights" jsonb NOT NULL,
	"relationship_tips" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."tip_generations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"day" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."tips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" varchar(100) NOT NULL,
	"title" varchar(255) NOT NULL,
	"content" text NOT NULL,
	"category" varchar(100),
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"trigger_conditions" jsonb,
	"priority_score" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone,
	CONSTRAINT "tips_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."user_tips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"tip_id" uuid NOT NULL,
	"context_json" jsonb,
	"status" varchar(20) DEFAULT 'suggested' NOT NULL,
	"viewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "couple_compass"."voice_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"couple_id" uuid,
	"s3_url" text NOT NULL,
	"content_type" varchar(100) NOT NULL,
	"size_bytes" integer NOT NULL,
	"transcript" text,
	"transcript_status" varchar(20) DEFAULT 'pending' NOT NULL,
	"duration_seconds" integer,
	"visibility" varchar(20) DEFAULT 'private' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "couple_compass"."profiles" ADD COLUMN "relationship_status" varchar(50);--> statement-breakpoint
ALTER TABLE "couple_compass"."profiles" ADD COLUMN "partner_name" varchar(255);--> statement-breakpoint
ALTER TABLE "couple_compass"."profiles" ADD COLUMN "anniversary_date" date;--> statement-breakpoint
ALTER TABLE "couple_compass"."chat_invitations" ADD CONSTRAINT "chat_invitations_session_id_chat_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "couple_compass"."chat_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."chat_invitations" ADD CONSTRAINT "chat_invitations_inviter_id_users_id_fk" FOREIGN KEY ("inviter_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."chat_invitations" ADD CONSTRAINT "chat_invitations_invitee_id_users_id_fk" FOREIGN KEY ("invitee_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."chat_messages" ADD CONSTRAINT "chat_messages_session_id_chat_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "couple_compass"."chat_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."chat_messages" ADD CONSTRAINT "chat_messages_sender_id_users_id_fk" FOREIGN KEY ("sender_id") REFERENCES "identity"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."chat_sessions" ADD CONSTRAINT "chat_sessions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."chat_sessions" ADD CONSTRAINT "chat_sessions_couple_id_couples_id_fk" FOREIGN KEY ("couple_id") REFERENCES "couple_compass"."couples"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."chat_sessions" ADD CONSTRAINT "chat_sessions_partner_id_users_id_fk" FOREIGN KEY ("partner_id") REFERENCES "identity"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."couple_members" ADD CONSTRAINT "couple_members_couple_id_couples_id_fk" FOREIGN KEY ("couple_id") REFERENCES "couple_compass"."couples"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."couple_members" ADD CONSTRAINT "couple_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."journals" ADD CONSTRAINT "journals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."journals" ADD CONSTRAINT "journals_couple_id_couples_id_fk" FOREIGN KEY ("couple_id") REFERENCES "couple_compass"."couples"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."mood_checkins" ADD CONSTRAINT "mood_checkins_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."mood_checkins" ADD CONSTRAINT "mood_checkins_couple_id_couples_id_fk" FOREIGN KEY ("couple_id") REFERENCES "couple_compass"."couples"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."partner_links" ADD CONSTRAINT "partner_links_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."partner_links" ADD CONSTRAINT "partner_links_couple_id_couples_id_fk" FOREIGN KEY ("couple_id") REFERENCES "couple_compass"."couples"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."partner_links" ADD CONSTRAINT "partner_links_used_by_user_id_users_id_fk" FOREIGN KEY ("used_by_user_id") REFERENCES "identity"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."quiz_items" ADD CONSTRAINT "quiz_items_quiz_id_quizzes_id_fk" FOREIGN KEY ("quiz_id") REFERENCES "couple_compass"."quizzes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."quiz_results" ADD CONSTRAINT "quiz_results_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."quiz_results" ADD CONSTRAINT "quiz_results_quiz_id_quizzes_id_fk" FOREIGN KEY ("quiz_id") REFERENCES "couple_compass"."quizzes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."relationship_assessments" ADD CONSTRAINT "relationship_assessments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."relationship_assessments" ADD CONSTRAINT "relationship_assessments_quiz_id_quizzes_id_fk" FOREIGN KEY ("quiz_id") REFERENCES "couple_compass"."quizzes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."tip_generations" ADD CONSTRAINT "tip_generations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."user_tips" ADD CONSTRAINT "user_tips_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."user_tips" ADD CONSTRAINT "user_tips_tip_id_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "couple_compass"."tips"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."voice_notes" ADD CONSTRAINT "voice_notes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "couple_compass"."voice_notes" ADD CONSTRAINT "voice_notes_couple_id_couples_id_fk" FOREIGN KEY ("couple_id") REFERENCES "couple_compass"."couples"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "chat_invitations_one_pending" ON "couple_compass"."chat_invitations" USING btree ("session_id") WHERE "couple_compass"."chat_invitations"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "chat_invitations_invitee_idx" ON "couple_compass"."chat_invitations" USING btree ("invitee_id","status");--> statement-breakpoint
CREATE INDEX "chat_messages_session_idx" ON "couple_compass"."chat_messages" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE INDEX "chat_sessions_owner_idx" ON "couple_compass"."chat_sessions" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "chat_sessions_partner_idx" ON "couple_compass"."chat_sessions" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "couple_members_one_active_per_user" ON "couple_compass"."couple_members" USING btree ("user_id") WHERE "couple_compass"."couple_members"."active";--> statement-breakpoint
CREATE INDEX "couple_members_couple_idx" ON "couple_compass"."couple_members" USING btree ("couple_id");--> statement-breakpoint
CREATE INDEX "journals_user_idx" ON "couple_compass"."journals" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "journals_couple_idx" ON "couple_compass"."journals" USING btree ("couple_id","visibility","created_at");--> statement-breakpoint
CREATE INDEX "mood_checkins_user_idx" ON "couple_compass"."mood_checkins" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "mood_checkins_user_day_idx" ON "couple_compass"."mood_checkins" USING btree ("user_id","checkin_date");--> statement-breakpoint
CREATE INDEX "partner_links_creator_idx" ON "couple_compass"."partner_links" USING btree ("created_by_user_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_items_quiz_key" ON "couple_compass"."quiz_items" USING btree ("quiz_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_results_user_quiz" ON "couple_compass"."quiz_results" USING btree ("user_id","quiz_id");--> statement-breakpoint
CREATE INDEX "relationship_assessments_user_idx" ON "couple_compass"."relationship_assessments" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "tip_generations_user_day" ON "couple_compass"."tip_generations" USING btree ("user_id","day");--> statement-breakpoint
CREATE INDEX "tips_category_idx" ON "couple_compass"."tips" USING btree ("category");--> statement-breakpoint
CREATE UNIQUE INDEX "user_tips_user_tip" ON "couple_compass"."user_tips" USING btree ("user_id","tip_id");--> statement-breakpoint
CREATE INDEX "user_tips_user_idx" ON "couple_compass"."user_tips" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "voice_notes_user_idx" ON "couple_compass"."voice_notes" USING btree ("user_id","created_at");