CREATE TABLE "hub_fork_reads" (
	"field_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"source_run_id" integer NOT NULL,
	"source_path" text NOT NULL,
	"up_to" double precision NOT NULL,
	CONSTRAINT "hub_fork_reads_field_id_position_pk" PRIMARY KEY("field_id","position")
);
--> statement-breakpoint
ALTER TABLE "hub_fork_reads" ADD CONSTRAINT "hub_fork_reads_field_id_hub_fields_id_fk" FOREIGN KEY ("field_id") REFERENCES "public"."hub_fields"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_fork_reads" ADD CONSTRAINT "hub_fork_reads_source_run_id_hub_runs_id_fk" FOREIGN KEY ("source_run_id") REFERENCES "public"."hub_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Forks' fields synced before this schema have no fork reads here: the next sync of each source re-sends
-- every field (upserts; sealed chunks stay), and with them what forks read.
UPDATE "hub_sources" SET "fields_until" = 0, "fields_after_id" = 0;
