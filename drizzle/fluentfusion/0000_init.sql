CREATE SCHEMA "fluentfusion";
--> statement-breakpoint
CREATE TABLE "fluentfusion"."activity_days" (
	"user_id" uuid NOT NULL,
	"day" date NOT NULL,
	CONSTRAINT "activity_days_user_id_day_pk" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
CREATE TABLE "fluentfusion"."exercise_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"lesson_id" varchar(100) NOT NULL,
	"exercise_id" varchar(120) NOT NULL,
	"answer" text NOT NULL,
	"correct" boolean NOT NULL,
	"points_earned" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fluentfusion"."exercises" (
	"id" varchar(120) PRIMARY KEY NOT NULL,
	"lesson_id" varchar(100) NOT NULL,
	"type" varchar(20) NOT NULL,
	"question" text NOT NULL,
	"options" jsonb,
	"pairs" jsonb,
	"correct_answer" text NOT NULL,
	"accepted_answers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"explanation" text NOT NULL,
	"points" integer NOT NULL,
	"sort_order" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fluentfusion"."lessons" (
	"id" varchar(100) PRIMARY KEY NOT NULL,
	"target_language" varchar(20) NOT NULL,
	"title" varchar(200) NOT NULL,
	"description" text NOT NULL,
	"difficulty" varchar(20) NOT NULL,
	"category" varchar(20) NOT NULL,
	"duration" integer NOT NULL,
	"vocabulary_count" integer NOT NULL,
	"thumbnail" text,
	"content" jsonb NOT NULL,
	"sort_order" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fluentfusion"."profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"username" varchar(50) NOT NULL,
	"user_type" varchar(20) NOT NULL,
	"target_language" varchar(20) NOT NULL,
	"profile_image" text,
	"last_login" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fluentfusion"."progress" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"lesson_id" varchar(100) NOT NULL,
	"score" real NOT NULL,
	"time_spent" integer NOT NULL,
	"exercises_completed" integer NOT NULL,
	"total_exercises" integer NOT NULL,
	"completed" boolean NOT NULL,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fluentfusion"."user_badges" (
	"user_id" uuid NOT NULL,
	"badge_id" varchar(8) NOT NULL,
	"earned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_badges_user_id_badge_id_pk" PRIMARY KEY("user_id","badge_id")
);
--> statement-breakpoint
ALTER TABLE "fluentfusion"."activity_days" ADD CONSTRAINT "activity_days_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fluentfusion"."exercise_attempts" ADD CONSTRAINT "exercise_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fluentfusion"."exercise_attempts" ADD CONSTRAINT "exercise_attempts_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "fluentfusion"."lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fluentfusion"."exercise_attempts" ADD CONSTRAINT "exercise_attempts_exercise_id_exercises_id_fk" FOREIGN KEY ("exercise_id") REFERENCES "fluentfusion"."exercises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fluentfusion"."exercises" ADD CONSTRAINT "exercises_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "fluentfusion"."lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fluentfusion"."profiles" ADD CONSTRAINT "profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fluentfusion"."progress" ADD CONSTRAINT "progress_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fluentfusion"."progress" ADD CONSTRAINT "progress_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "fluentfusion"."lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fluentfusion"."user_badges" ADD CONSTRAINT "user_badges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exercise_attempts_user_lesson_idx" ON "fluentfusion"."exercise_attempts" USING btree ("user_id","lesson_id");--> statement-breakpoint
CREATE INDEX "exercises_lesson_idx" ON "fluentfusion"."exercises" USING btree ("lesson_id","sort_order");--> statement-breakpoint
CREATE INDEX "lessons_language_order_idx" ON "fluentfusion"."lessons" USING btree ("target_language","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "profiles_username_key" ON "fluentfusion"."profiles" USING btree (lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX "progress_user_lesson_key" ON "fluentfusion"."progress" USING btree ("user_id","lesson_id");