CREATE TABLE "hub_operations" (
	"source_id" integer NOT NULL,
	"local_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"done" bigint DEFAULT 0 NOT NULL,
	"total" bigint,
	"created_at" double precision NOT NULL,
	"started_at" double precision,
	"ended_at" double precision,
	"error" text,
	"report" text,
	CONSTRAINT "hub_operations_source_id_local_id_pk" PRIMARY KEY("source_id","local_id")
);
--> statement-breakpoint
ALTER TABLE "hub_operations" ADD CONSTRAINT "hub_operations_source_id_hub_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."hub_sources"("id") ON DELETE cascade ON UPDATE no action;