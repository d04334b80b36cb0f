CREATE TABLE "hub_experiment_runs" (
	"run_id" integer PRIMARY KEY NOT NULL,
	"experiment_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_experiments" (
	"project_id" integer NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" double precision NOT NULL,
	CONSTRAINT "hub_experiments_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "hub_model_versions" (
	"run_id" integer PRIMARY KEY NOT NULL,
	"model_run_id" integer NOT NULL,
	"number" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_models" (
	"run_id" integer PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"scope" text DEFAULT '' NOT NULL,
	"hash" text NOT NULL,
	"name" text,
	"description" text,
	"step" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hub_experiment_runs" ADD CONSTRAINT "hub_experiment_runs_run_id_hub_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."hub_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_experiments" ADD CONSTRAINT "hub_experiments_project_id_hub_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."hub_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_model_versions" ADD CONSTRAINT "hub_model_versions_run_id_hub_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."hub_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_model_versions" ADD CONSTRAINT "hub_model_versions_model_run_id_hub_runs_id_fk" FOREIGN KEY ("model_run_id") REFERENCES "public"."hub_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_models" ADD CONSTRAINT "hub_models_run_id_hub_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."hub_runs"("id") ON DELETE cascade ON UPDATE no action;