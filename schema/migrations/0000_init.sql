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
	`created_at` real NOT NULL
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
