CREATE TABLE "fluentfusion"."email_codes" (
	"user_id" uuid NOT NULL,
	"purpose" varchar(20) NOT NULL,
	"code_hash" varchar(64) NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_codes_user_id_purpose_pk" PRIMARY KEY("user_id","purpose")
);
--> statement-breakpoint
CREATE TABLE "fluentfusion"."notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"title" varchar(200) NOT NULL,
	"message" text NOT NULL,
	"link" varchar(200),
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fluentfusion"."profiles" ADD COLUMN "bio" text;--> statement-breakpoint
ALTER TABLE "fluentfusion"."profiles" ADD COLUMN "native_language" varchar(20);--> statement-breakpoint
ALTER TABLE "fluentfusion"."profiles" ADD COLUMN "learning_goal" varchar(20);--> statement-breakpoint
ALTER TABLE "fluentfusion"."profiles" ADD COLUMN "starting_level" varchar(20);--> statement-breakpoint
ALTER TABLE "fluentfusion"."profiles" ADD COLUMN "onboarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fluentfusion"."profiles" ADD COLUMN "pending_email" varchar(255);--> statement-breakpoint
ALTER TABLE "fluentfusion"."email_codes" ADD CONSTRAINT "email_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fluentfusion"."notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_user_created_idx" ON "fluentfusion"."notifications" USING btree ("user_id","created_at");