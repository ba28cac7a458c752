-- Disabled workers on shared tablets: a recovery key per (account, device), and the tablets' wipe reports.
CREATE TABLE "device_recovery_keys" (
	"account_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"recovery_key" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "device_recovery_keys_account_device_pk" PRIMARY KEY("account_id","device_id")
);
--> statement-breakpoint
CREATE TABLE "device_wipes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"device_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"reported_by" uuid NOT NULL,
	"kept" integer NOT NULL,
	"removed" integer NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "device_recovery_keys" ADD CONSTRAINT "device_recovery_keys_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_wipes" ADD CONSTRAINT "device_wipes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_wipes" ADD CONSTRAINT "device_wipes_reported_by_accounts_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_wipes_device_account_idx" ON "device_wipes" USING btree ("device_id","account_id");