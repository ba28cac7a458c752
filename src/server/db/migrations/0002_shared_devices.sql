-- Shared tablets: devices are keyed by (device id, account); each existing row keeps its pair.
ALTER TABLE "devices" DROP CONSTRAINT "devices_pkey";--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_id_account_pk" PRIMARY KEY("id","account_id");
