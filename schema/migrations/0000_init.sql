CREATE TABLE `events` (
	`id` integer PRIMARY KEY NOT NULL,
	`run_id` integer NOT NULL,
	`time` real NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `events_run_time` ON `events` (`run_id`,`time`);--> statement-breakpoint
CREATE TABLE `experiment_runs` (
	`run_id` integer PRIMARY KEY NOT NULL,
	`experiment_id` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`experiment_id`) REFERENCES `experiments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `experiments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` real NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `experiments_name` ON `experiments` (`name`);--> statement-breakpoint
CREATE TABLE `iterations` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`model_row_id` integer NOT NULL,
	`step` integer NOT NULL,
	FOREIGN KEY (`model_row_id`) REFERENCES `models`(`row_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `iterations_model` ON `iterations` (`model_row_id`,`step`);--> statement-breakpoint
CREATE TABLE `model_metrics` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`model_row_id` integer NOT NULL,
	`name` text NOT NULL,
	`value` text NOT NULL,
	`step` integer,
	`phase` text,
	FOREIGN KEY (`model_row_id`) REFERENCES `models`(`row_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `model_metrics_model` ON `model_metrics` (`model_row_id`,`name`);--> statement-breakpoint
CREATE TABLE `model_versions` (
	`row_id` integer PRIMARY KEY NOT NULL,
	`model_row_id` integer NOT NULL,
	`number` integer NOT NULL,
	FOREIGN KEY (`row_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`model_row_id`) REFERENCES `models`(`row_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `model_versions_number` ON `model_versions` (`model_row_id`,`number`);--> statement-breakpoint
CREATE TABLE `models` (
	`row_id` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`scope` text DEFAULT '' NOT NULL,
	`hash` text NOT NULL,
	`name` text,
	`description` text,
	`step` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`row_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `models_scope_hash` ON `models` (`scope`,`hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `models_id` ON `models` (`id`);--> statement-breakpoint
CREATE TABLE `modules` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`model_row_id` integer,
	`iteration_seq` integer,
	`name` text NOT NULL,
	`attributes` text NOT NULL,
	FOREIGN KEY (`model_row_id`) REFERENCES `models`(`row_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`iteration_seq`) REFERENCES `iterations`(`seq`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `modules_model` ON `modules` (`model_row_id`);--> statement-breakpoint
CREATE INDEX `modules_iteration` ON `modules` (`iteration_seq`);--> statement-breakpoint
CREATE TABLE `fields` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`path` text NOT NULL,
	`type` text NOT NULL,
	`num` real,
	`text` text,
	`bits` blob,
	`count` integer DEFAULT 0 NOT NULL,
	`first_step` real,
	`last_step` real,
	`last` real,
	`last_bits` blob,
	`min` real,
	`max` real,
	`finite_count` integer DEFAULT 0 NOT NULL,
	`sum` real DEFAULT 0 NOT NULL,
	`sum_sq` real DEFAULT 0 NOT NULL,
	`updated_at` real NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fields_run_path` ON `fields` (`run_id`,`path`);--> statement-breakpoint
CREATE INDEX `fields_path` ON `fields` (`path`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text DEFAULT 'run' NOT NULL,
	`number` integer NOT NULL,
	`sys_id` text NOT NULL,
	`uuid` text NOT NULL,
	`custom_run_id` text,
	`created_at` real NOT NULL,
	`parent_id` integer,
	`fork_step` real,
	`fork_depth` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runs_sys_id` ON `runs` (`sys_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `runs_uuid` ON `runs` (`uuid`);--> statement-breakpoint
CREATE UNIQUE INDEX `runs_custom_run_id` ON `runs` (`kind`,`custom_run_id`);--> statement-breakpoint
CREATE TABLE `series_chunks` (
	`id` integer PRIMARY KEY NOT NULL,
	`field_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`count` integer NOT NULL,
	`step_first` real NOT NULL,
	`step_last` real NOT NULL,
	`min` real,
	`max` real,
	`vals` blob NOT NULL,
	`steps` blob,
	`times` blob NOT NULL,
	FOREIGN KEY (`field_id`) REFERENCES `fields`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `series_chunks_field_seq` ON `series_chunks` (`field_id`,`seq`);--> statement-breakpoint
CREATE TABLE `string_points` (
	`field_id` integer NOT NULL,
	`step` real NOT NULL,
	`time` real NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`field_id`, `step`),
	FOREIGN KEY (`field_id`) REFERENCES `fields`(`id`) ON UPDATE no action ON DELETE cascade
);
