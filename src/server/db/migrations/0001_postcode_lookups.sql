CREATE TABLE "postcode_lookups" (
	"id" text PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"lookup" jsonb NOT NULL,
	"postcode_count" integer NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
