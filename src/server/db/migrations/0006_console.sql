CREATE TABLE "areas" (
	"lsoa_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"district_code" text NOT NULL,
	"imd_decile" smallint NOT NULL,
	"population" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "postcode_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"postcodes_kept" integer DEFAULT 0 NOT NULL,
	"started_by" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "postcode_places" (
	"postcode" text PRIMARY KEY NOT NULL,
	"lsoa_code" text NOT NULL,
	"district_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_versions" (
	"programme_id" text NOT NULL,
	"version" integer NOT NULL,
	"settings" jsonb NOT NULL,
	"saved_by" uuid,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_versions_pk" PRIMARY KEY("programme_id","version")
);
--> statement-breakpoint
CREATE TABLE "record_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"record_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"note" text,
	"reason" text
);
--> statement-breakpoint
ALTER TABLE "records" RENAME COLUMN "review_decision" TO "review_state";--> statement-breakpoint
-- Decisions before review states, in the states that mean the same (src/shared/review.ts).
UPDATE "records" SET "review_state" = CASE
  WHEN "type" = 'signup' AND "review_state" = 'approved' THEN 'enrolled'
  WHEN "type" = 'signup' AND "review_state" = 'declined' THEN 'not-eligible'
  WHEN "type" = 'signup' AND "review_state" = 'needs-information' THEN 'contacted'
  WHEN "type" = 'grant-application' AND "review_state" = 'needs-information' THEN 'under-review'
  WHEN "type" = 'eligibility-check' THEN NULL
  ELSE "review_state" END
WHERE "review_state" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "last_contact_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "pending_count" integer;--> statement-breakpoint
-- The pot before rounds was the seed's 2022-23 round (src/shared/programmes.ts FIRST_ROUND_ID).
ALTER TABLE "funds" ADD COLUMN "round_id" text DEFAULT '2022-23' NOT NULL;--> statement-breakpoint
ALTER TABLE "funds" ALTER COLUMN "round_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "funds" DROP CONSTRAINT "funds_pkey";--> statement-breakpoint
ALTER TABLE "funds" ADD CONSTRAINT "funds_programme_round_pk" PRIMARY KEY("programme_id","round_id");--> statement-breakpoint
ALTER TABLE "funds" ADD COLUMN "paid_pence" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "counted_paid_pence" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "round_id" text;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "created_at" timestamp with time zone GENERATED ALWAYS AS (to_timestamp((('x' || lpad(replace(left(id::text, 13), '-', ''), 16, '0'))::bit(64)::bigint)::double precision / 1000)) STORED;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "display_name" text GENERATED ALWAYS AS (CASE WHEN type = 'signup' THEN btrim(coalesce(payload->'answers'->>'firstName', '') || ' ' || coalesce(payload->'answers'->>'lastName', '')) ELSE payload->'answers'->>'organisationName' END) STORED;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "postcode_key" text GENERATED ALWAYS AS (upper(replace(payload->'answers'->>'postcode', ' ', ''))) STORED;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "picked_area_code" text GENERATED ALWAYS AS (payload->'answers'->>'pickedAreaCode') STORED;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "source_id" text GENERATED ALWAYS AS (payload->'source'->>'id') STORED;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "check_outcome" text GENERATED ALWAYS AS (coalesce(payload->'override'->>'outcome', payload->'result'->>'outcome')) STORED;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "amount_pence" bigint GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(payload->'amountRequestedPence') = 'number' THEN (payload->>'amountRequestedPence')::numeric::bigint END) STORED;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "received_on" text GENERATED ALWAYS AS (payload->'answers'->>'receivedOn') STORED;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(coalesce(payload->'answers'->>'firstName', '') || ' ' || coalesce(payload->'answers'->>'lastName', '') || ' ' || coalesce(payload->'answers'->>'preferredName', '') || ' ' || coalesce(payload->'answers'->>'organisationName', '') || ' ' || coalesce(payload->'answers'->>'postcode', '') || ' ' || replace(coalesce(payload->'answers'->>'postcode', ''), ' ', '') || ' ' || id::text)) STORED;--> statement-breakpoint
ALTER TABLE "postcode_imports" ADD CONSTRAINT "postcode_imports_started_by_accounts_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_versions" ADD CONSTRAINT "programme_versions_saved_by_accounts_id_fk" FOREIGN KEY ("saved_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_events" ADD CONSTRAINT "record_events_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_events" ADD CONSTRAINT "record_events_actor_id_accounts_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "areas_district_idx" ON "areas" USING btree ("district_code");--> statement-breakpoint
CREATE INDEX "record_events_record_idx" ON "record_events" USING btree ("record_id","at");--> statement-breakpoint
CREATE INDEX "records_type_created_idx" ON "records" USING btree ("type","created_at","id");--> statement-breakpoint
CREATE INDEX "records_created_idx" ON "records" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "records_postcode_idx" ON "records" USING btree ("postcode_key");--> statement-breakpoint
CREATE INDEX "records_source_idx" ON "records" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "records_review_idx" ON "records" USING btree ("type","review_state");--> statement-breakpoint
CREATE INDEX "records_owner_idx" ON "records" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "records_round_idx" ON "records" USING btree ("round_id");--> statement-breakpoint
-- Applications received in the 2022-23 window (or already approved against its pot) stay in that round; any other
-- counts in no round's pot until a round holding its received date is opened.
UPDATE "records" SET "round_id" = '2022-23' WHERE "type" = 'grant-application'
  AND (("received_on" >= '2022-10-31' AND "received_on" <= '2023-03-31') OR "counted_approved_pence" > 0);--> statement-breakpoint
UPDATE "records" SET "counted_request_pence" = 0
  WHERE "type" = 'grant-application' AND "round_id" IS NULL;--> statement-breakpoint
UPDATE "funds" SET "requested_pence" = (
  SELECT coalesce(sum("counted_request_pence"), 0) FROM "records" WHERE "round_id" = '2022-23'
) WHERE "round_id" = '2022-23';--> statement-breakpoint
INSERT INTO "programme_versions" ("programme_id", "version", "settings", "saved_at")
  SELECT "id", "version", "settings", "updated_at" FROM "programmes";