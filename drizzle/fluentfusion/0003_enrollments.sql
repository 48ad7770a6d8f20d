CREATE TABLE "fluentfusion"."enrollments" (
	"user_id" uuid NOT NULL,
	"target_language" varchar(20) NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollments_user_id_target_language_pk" PRIMARY KEY("user_id","target_language")
);
--> statement-breakpoint
ALTER TABLE "fluentfusion"."enrollments" ADD CONSTRAINT "enrollments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enrollments_language_idx" ON "fluentfusion"."enrollments" USING btree ("target_language");