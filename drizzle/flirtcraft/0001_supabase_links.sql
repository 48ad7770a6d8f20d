CREATE TABLE "flirtcraft"."supabase_links" (
	"subject" varchar(255) PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supabase_links_user_id_unique" UNIQUE("user_id")
);
--> statement-breakpoint
ALTER TABLE "flirtcraft"."supabase_links" ADD CONSTRAINT "supabase_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;