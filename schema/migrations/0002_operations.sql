CREATE TABLE `operations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`total` integer,
	`created_at` real NOT NULL,
	`started_at` real,
	`ended_at` real,
	`error` text,
	`report` text
);
--> statement-breakpoint
CREATE INDEX `operations_status` ON `operations` (`status`);