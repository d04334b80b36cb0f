CREATE TABLE "hub_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"origin_id" bigint NOT NULL,
	"time" double precision NOT NULL,
	"type" text NOT NULL,
	"payload" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_fields" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"path" text NOT NULL,
	"type" text NOT NULL,
	"num" double precision,
	"text" text,
	"bits" "bytea",
	"count" bigint DEFAULT 0 NOT NULL,
	"first_step" double precision,
	"last_step" double precision,
	"last" double precision,
	"last_bits" "bytea",
	"min" double precision,
	"max" double precision,
	"finite_count" bigint DEFAULT 0 NOT NULL,
	"sum" double precision DEFAULT 0 NOT NULL,
	"sum_sq" double precision DEFAULT 0 NOT NULL,
	"updated_at" double precision NOT NULL,
	"sealed_seq" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_objects" (
	"hash" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"stored_at" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key" text NOT NULL,
	"created_at" double precision NOT NULL,
	CONSTRAINT "hub_projects_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "hub_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"source_id" integer NOT NULL,
	"kind" text DEFAULT 'run' NOT NULL,
	"number" integer NOT NULL,
	"sys_id" text NOT NULL,
	"uuid" text NOT NULL,
	"origin_sys_id" text NOT NULL,
	"custom_run_id" text,
	"created_at" double precision NOT NULL,
	"parent_id" integer,
	"fork_step" double precision,
	"fork_depth" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_series_chunks" (
	"field_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"count" integer NOT NULL,
	"step_first" double precision NOT NULL,
	"step_last" double precision NOT NULL,
	"min" double precision,
	"max" double precision,
	"vals" "bytea" NOT NULL,
	"steps" "bytea",
	"times" "bytea" NOT NULL,
	"lod" "bytea",
	CONSTRAINT "hub_series_chunks_field_id_seq_pk" PRIMARY KEY("field_id","seq")
);
--> statement-breakpoint
CREATE TABLE "hub_sources" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"source" text NOT NULL,
	"host" text NOT NULL,
	"fields_until" double precision DEFAULT 0 NOT NULL,
	"fields_after_id" bigint DEFAULT 0 NOT NULL,
	"events_after" bigint DEFAULT 0 NOT NULL,
	"batches" integer DEFAULT 0 NOT NULL,
	"synced_at" double precision
);
--> statement-breakpoint
CREATE TABLE "hub_string_points" (
	"field_id" bigint NOT NULL,
	"step" double precision NOT NULL,
	"time" double precision NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "hub_string_points_field_id_step_pk" PRIMARY KEY("field_id","step")
);
--> statement-breakpoint
ALTER TABLE "hub_events" ADD CONSTRAINT "hub_events_run_id_hub_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."hub_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_fields" ADD CONSTRAINT "hub_fields_run_id_hub_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."hub_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_runs" ADD CONSTRAINT "hub_runs_project_id_hub_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."hub_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_runs" ADD CONSTRAINT "hub_runs_source_id_hub_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."hub_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_runs" ADD CONSTRAINT "hub_runs_parent_id_hub_runs_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."hub_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_series_chunks" ADD CONSTRAINT "hub_series_chunks_field_id_hub_fields_id_fk" FOREIGN KEY ("field_id") REFERENCES "public"."hub_fields"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_sources" ADD CONSTRAINT "hub_sources_project_id_hub_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."hub_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_string_points" ADD CONSTRAINT "hub_string_points_field_id_hub_fields_id_fk" FOREIGN KEY ("field_id") REFERENCES "public"."hub_fields"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hub_events_run_origin" ON "hub_events" USING btree ("run_id","origin_id");--> statement-breakpoint
CREATE INDEX "hub_events_run_time" ON "hub_events" USING btree ("run_id","time");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_fields_run_path" ON "hub_fields" USING btree ("run_id","path");--> statement-breakpoint
CREATE INDEX "hub_fields_path" ON "hub_fields" USING btree ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_runs_project_sys_id" ON "hub_runs" USING btree ("project_id","sys_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_runs_project_uuid" ON "hub_runs" USING btree ("project_id","uuid");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_sources_project_source" ON "hub_sources" USING btree ("project_id","source");