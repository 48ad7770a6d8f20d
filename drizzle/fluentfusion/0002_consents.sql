CREATE TABLE "fluentfusion"."consent_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "fluentfusion"."consent_records_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" uuid NOT NULL,
	"consent_type" varchar(40) NOT NULL,
	"version" varchar(20) NOT NULL,
	"accepted" boolean NOT NULL,
	"session_id" varchar(100),
	"accepted_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fluentfusion"."data_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "fluentfusion"."data_requests_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" uuid NOT NULL,
	"reference" varchar(20) NOT NULL,
	"request_type" varchar(20) NOT NULL,
	"status" varchar(20) NOT NULL,
	"details" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolution_notes" text
);
--> statement-breakpoint
ALTER TABLE "fluentfusion"."consent_records" ADD CONSTRAINT "consent_records_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fluentfusion"."data_requests" ADD CONSTRAINT "data_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_records_user_type_seq_idx" ON "fluentfusion"."consent_records" USING btree ("user_id","consent_type","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "data_requests_reference_key" ON "fluentfusion"."data_requests" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "data_requests_user_seq_idx" ON "fluentfusion"."data_requests" USING btree ("user_id","seq");