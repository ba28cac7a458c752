DROP INDEX "records_source_idx";--> statement-breakpoint
CREATE INDEX "processed_changes_record_idx" ON "processed_changes" USING btree ("record_id","record_version");--> statement-breakpoint
CREATE INDEX "records_check_source_idx" ON "records" USING btree ("source_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"check_outcome") WHERE "records"."type" = 'eligibility-check';