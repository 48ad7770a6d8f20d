CREATE SCHEMA "flirtcraft";
--> statement-breakpoint
CREATE TABLE "flirtcraft"."conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"scenario_type" varchar(50) NOT NULL,
	"difficulty_level" varchar(10) NOT NULL,
	"status" varchar(20) DEFAULT 'active' NOT NULL,
	"ai_character_context" jsonb NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone,
	"last_activity_at" timestamp with time zone NOT NULL,
	"total_messages" integer DEFAULT 0 NOT NULL,
	"session_score" integer,
	"outcome_level" varchar(10),
	"feedback" jsonb,
	"progress_applied_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone,
	CONSTRAINT "conversations_difficulty" CHECK ("flirtcraft"."conversations"."difficulty_level" IN ('green', 'yellow', 'red')),
	CONSTRAINT "conversations_status" CHECK ("flirtcraft"."conversations"."status" IN ('active', 'completed', 'abandoned')),
	CONSTRAINT "conversations_score" CHECK ("flirtcraft"."conversations"."session_score" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "flirtcraft"."events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"event_type" varchar(60) NOT NULL,
	"source" varchar(10) DEFAULT 'server' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flirtcraft"."messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"sender_type" varchar(10) NOT NULL,
	"content" text NOT NULL,
	"message_order" integer NOT NULL,
	"ai_body_language" text,
	"ai_receptiveness" varchar(40),
	"feedback_type" varchar(20),
	"feedback_content" text,
	"feedback_score" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_sender" CHECK ("flirtcraft"."messages"."sender_type" IN ('user', 'ai'))
);
--> statement-breakpoint
CREATE TABLE "flirtcraft"."profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"birth_year" integer,
	"age_verified" boolean DEFAULT false NOT NULL,
	"target_gender" varchar(20),
	"target_age_min" integer,
	"target_age_max" integer,
	"relationship_goal" varchar(20),
	"primary_skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"specific_challenges" text[] DEFAULT '{}'::text[] NOT NULL,
	"experience_level" varchar(20),
	"practice_frequency" varchar(20),
	"notifications_enabled" boolean,
	"analytics_opt_in" boolean DEFAULT false NOT NULL,
	"privacy_level" varchar(20) DEFAULT 'standard' NOT NULL,
	"marketing_opt_in" boolean DEFAULT false NOT NULL,
	"terms_accepted_at" timestamp with time zone,
	"privacy_accepted_at" timestamp with time zone,
	"detected_persona" varchar(30),
	"steps_completed" text[] DEFAULT '{}'::text[] NOT NULL,
	"steps_skipped" text[] DEFAULT '{}'::text[] NOT NULL,
	"onboarding_completed" boolean DEFAULT false NOT NULL,
	"onboarding_completed_at" timestamp with time zone,
	"is_premium" boolean DEFAULT false NOT NULL,
	"premium_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone,
	CONSTRAINT "profiles_target_gender" CHECK ("flirtcraft"."profiles"."target_gender" IN ('male', 'female', 'everyone')),
	CONSTRAINT "profiles_age_range" CHECK ("flirtcraft"."profiles"."target_age_min" BETWEEN 18 AND 100 AND "flirtcraft"."profiles"."target_age_max" BETWEEN 18 AND 100 AND "flirtcraft"."profiles"."target_age_max" >= "flirtcraft"."profiles"."target_age_min"),
	CONSTRAINT "profiles_privacy_level" CHECK ("flirtcraft"."profiles"."privacy_level" IN ('standard', 'enhanced'))
);
--> statement-breakpoint
CREATE TABLE "flirtcraft"."progress" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"total_conversations" integer DEFAULT 0 NOT NULL,
	"successful_conversations" integer DEFAULT 0 NOT NULL,
	"total_practice_seconds" integer DEFAULT 0 NOT NULL,
	"score_sum" integer DEFAULT 0 NOT NULL,
	"current_streak" integer DEFAULT 0 NOT NULL,
	"longest_streak" integer DEFAULT 0 NOT NULL,
	"last_practice_day" date,
	"xp_points" integer DEFAULT 0 NOT NULL,
	"level" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "flirtcraft"."scenarios" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" varchar(50) NOT NULL,
	"display_name" varchar(100) NOT NULL,
	"description" text NOT NULL,
	"is_premium" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"context_templates" jsonb NOT NULL,
	"difficulty_modifiers" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone,
	CONSTRAINT "scenarios_type_unique" UNIQUE("type")
);
--> statement-breakpoint
CREATE TABLE "flirtcraft"."user_achievements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"achievement_type" varchar(50) NOT NULL,
	"conversation_id" uuid,
	"earned_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flirtcraft"."xp_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"source" varchar(60) NOT NULL,
	"points" integer NOT NULL,
	"dedupe_key" varchar(120) NOT NULL,
	"conversation_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "flirtcraft"."conversations" ADD CONSTRAINT "conversations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flirtcraft"."events" ADD CONSTRAINT "events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flirtcraft"."messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "flirtcraft"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flirtcraft"."profiles" ADD CONSTRAINT "profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flirtcraft"."progress" ADD CONSTRAINT "progress_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flirtcraft"."user_achievements" ADD CONSTRAINT "user_achievements_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flirtcraft"."user_achievements" ADD CONSTRAINT "user_achievements_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "flirtcraft"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flirtcraft"."xp_events" ADD CONSTRAINT "xp_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flirtcraft"."xp_events" ADD CONSTRAINT "xp_events_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "flirtcraft"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_user_start_idx" ON "flirtcraft"."conversations" USING btree ("user_id","start_time");--> statement-breakpoint
CREATE INDEX "conversations_status_activity_idx" ON "flirtcraft"."conversations" USING btree ("status","last_activity_at");--> statement-breakpoint
CREATE INDEX "events_type_created_idx" ON "flirtcraft"."events" USING btree ("event_type","created_at");--> statement-breakpoint
CREATE INDEX "events_user_created_idx" ON "flirtcraft"."events" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "events_created_idx" ON "flirtcraft"."events" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_conversation_order_key" ON "flirtcraft"."messages" USING btree ("conversation_id","message_order");--> statement-breakpoint
CREATE UNIQUE INDEX "user_achievements_user_type_key" ON "flirtcraft"."user_achievements" USING btree ("user_id","achievement_type");--> statement-breakpoint
CREATE UNIQUE INDEX "xp_events_user_key" ON "flirtcraft"."xp_events" USING btree ("user_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "xp_events_user_created_idx" ON "flirtcraft"."xp_events" USING btree ("user_id","created_at");