DROP INDEX "hub_fields_path";--> statement-breakpoint
CREATE INDEX "hub_fields_path_type" ON "hub_fields" USING btree ("path","type","run_id");