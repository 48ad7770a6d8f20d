CREATE SCHEMA "project_inside";
--> statement-breakpoint
CREATE TABLE "project_inside"."consents" (
	"relationship_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" varchar(20) NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consents_relationship_id_user_id_pk" PRIMARY KEY("relationship_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "project_inside"."invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"relationship_id" uuid NOT NULL,
	"inviter_id" uuid,
	"email" varchar(320) NOT NULL,
	"role" varchar(50),
	"message" varchar(1000),
	"token_hash" varchar(64) NOT NULL,
	"status" varchar(20) DEFAULT 'PENDING' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_by" uuid,
	"accepted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_inside"."nudges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"nudge_type" varchar(20) NOT NULL,
	"intensity" integer NOT NULL,
	"speaking_rate" double precision,
	"overlap_ratio" double precision,
	"frame_timestamp_ms" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_inside"."pokes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"relationship_id" uuid NOT NULL,
	"sender_id" uuid NOT NULL,
	"receiver_id" uuid NOT NULL,
	"type" varchar(30) NOT NULL,
	"emoji" varchar(32),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_inside"."profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"display_name" varchar(100),
	"pronouns" varchar(50),
	"communication_style" varchar(50),
	"goals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"hobbies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"birthday" date,
	"occupation" varchar(100),
	"privacy_tier" varchar(20) DEFAULT 'STANDARD' NOT NULL,
	"profile_picture_url" text,
	"bio" varchar(1000),
	"timezone" varchar(50),
	"has_voiceprint" boolean DEFAULT false NOT NULL,
	"completed_steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "project_inside"."relationship_members" (
	"relationship_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" varchar(20) DEFAULT 'MEMBER' NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relationship_members_relationship_id_user_id_pk" PRIMARY KEY("relationship_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "project_inside"."relationships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" varchar(20) NOT NULL,
	"created_by" uuid,
	"status" varchar(20) DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "project_inside"."reports" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"summary" text,
	"moments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"action_items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stats" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "project_inside"."session_participants" (
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_participants_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "project_inside"."session_stats" (
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"frames" integer DEFAULT 0 NOT NULL,
	"speaking_frames" integer DEFAULT 0 NOT NULL,
	"speaking_rate_sum" double precision DEFAULT 0 NOT NULL,
	"overlap_ratio_sum" double precision DEFAULT 0 NOT NULL,
	"max_speaking_rate" double precision DEFAULT 0 NOT NULL,
	"max_overlap_ratio" double precision DEFAULT 0 NOT NULL,
	"over_speaking_rate" integer DEFAULT 0 NOT NULL,
	"over_overlap" integer DEFAULT 0 NOT NULL,
	"first_frame_at" timestamp with time zone,
	"last_frame_at" timestamp with time zone,
	CONSTRAINT "session_stats_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "project_inside"."sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"relationship_id" uuid NOT NULL,
	"created_by" uuid,
	"status" varchar(20) DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finalized_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "project_inside"."consents" ADD CONSTRAINT "consents_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "project_inside"."relationships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."consents" ADD CONSTRAINT "consents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."invites" ADD CONSTRAINT "invites_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "project_inside"."relationships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."invites" ADD CONSTRAINT "invites_inviter_id_users_id_fk" FOREIGN KEY ("inviter_id") REFERENCES "identity"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."invites" ADD CONSTRAINT "invites_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "identity"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."nudges" ADD CONSTRAINT "nudges_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "project_inside"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."nudges" ADD CONSTRAINT "nudges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."pokes" ADD CONSTRAINT "pokes_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "project_inside"."relationships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."pokes" ADD CONSTRAINT "pokes_sender_id_users_id_fk" FOREIGN KEY ("sender_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."pokes" ADD CONSTRAINT "pokes_receiver_id_users_id_fk" FOREIGN KEY ("receiver_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."profiles" ADD CONSTRAINT "profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."relationship_members" ADD CONSTRAINT "relationship_members_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "project_inside"."relationships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."relationship_members" ADD CONSTRAINT "relationship_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."relationships" ADD CONSTRAINT "relationships_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."reports" ADD CONSTRAINT "reports_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "project_inside"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."session_participants" ADD CONSTRAINT "session_participants_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "project_inside"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."session_participants" ADD CONSTRAINT "session_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."session_stats" ADD CONSTRAINT "session_stats_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "project_inside"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."session_stats" ADD CONSTRAINT "session_stats_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."sessions" ADD CONSTRAINT "sessions_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "project_inside"."relationships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inside"."sessions" ADD CONSTRAINT "sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invites_token_hash_idx" ON "project_inside"."invites" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invites_relationship_idx" ON "project_inside"."invites" USING btree ("relationship_id");--> statement-breakpoint
CREATE INDEX "invites_email_idx" ON "project_inside"."invites" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "nudges_session_idx" ON "project_inside"."nudges" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE INDEX "pokes_relationship_idx" ON "project_inside"."pokes" USING btree ("relationship_id","created_at");--> statement-breakpoint
CREATE INDEX "relationship_members_user_idx" ON "project_inside"."relationship_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "session_participants_user_idx" ON "project_inside"."session_participants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_relationship_idx" ON "project_inside"."sessions" USING btree ("relationship_id","created_at");