CREATE SCHEMA "memory_maker";
--> statement-breakpoint
CREATE TABLE "memory_maker"."book_types" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" varchar(60) NOT NULL,
	"name" varchar(120) NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"price_cents" integer NOT NULL,
	"preview_price_cents" integer DEFAULT 0 NOT NULL,
	"prompts" jsonb NOT NULL,
	"layout" jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone,
	CONSTRAINT "book_types_slug_unique" UNIQUE("slug"),
	CONSTRAINT "book_types_name_unique" UNIQUE("name"),
	CONSTRAINT "book_types_prices_check" CHECK ("memory_maker"."book_types"."price_cents" >= 0 AND "memory_maker"."book_types"."preview_price_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "memory_maker"."books" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"book_type_id" integer,
	"title" varchar(255) NOT NULL,
	"description" text,
	"content" jsonb NOT NULL,
	"status" varchar(20) DEFAULT 'draft' NOT NULL,
	"generated_at" timestamp with time zone,
	"purchased_at" timestamp with time zone,
	"price_paid_cents" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "memory_maker"."generation_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"book_id" uuid,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "memory_maker"."payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"book_id" uuid,
	"book_type_id" integer,
	"provider" varchar(20) NOT NULL,
	"provider_ref" varchar(255) NOT NULL,
	"kind" varchar(20) NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" varchar(3) NOT NULL,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"failure_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	CONSTRAINT "payments_provider_ref_unique" UNIQUE("provider_ref")
);
--> statement-breakpoint
ALTER TABLE "memory_maker"."books" ADD CONSTRAINT "books_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memory_maker"."books" ADD CONSTRAINT "books_book_type_id_book_types_id_fk" FOREIGN KEY ("book_type_id") REFERENCES "memory_maker"."book_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memory_maker"."generation_tasks" ADD CONSTRAINT "generation_tasks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memory_maker"."generation_tasks" ADD CONSTRAINT "generation_tasks_book_id_books_id_fk" FOREIGN KEY ("book_id") REFERENCES "memory_maker"."books"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memory_maker"."payments" ADD CONSTRAINT "payments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memory_maker"."payments" ADD CONSTRAINT "payments_book_id_books_id_fk" FOREIGN KEY ("book_id") REFERENCES "memory_maker"."books"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memory_maker"."payments" ADD CONSTRAINT "payments_book_type_id_book_types_id_fk" FOREIGN KEY ("book_type_id") REFERENCES "memory_maker"."book_types"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "books_user_status_idx" ON "memory_maker"."books" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "books_user_created_idx" ON "memory_maker"."books" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "generation_tasks_user_status_idx" ON "memory_maker"."generation_tasks" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "payments_user_created_idx" ON "memory_maker"."payments" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_book_idx" ON "memory_maker"."payments" USING btree ("book_id");