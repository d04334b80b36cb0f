CREATE TABLE `fork_reads` (
	`field_id` integer NOT NULL,
	`position` integer NOT NULL,
	`source_field_id` integer NOT NULL,
	`up_to` real NOT NULL,
	PRIMARY KEY(`field_id`, `position`),
	FOREIGN KEY (`field_id`) REFERENCES `fields`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `fork_reads_source` ON `fork_reads` (`source_field_id`);--> statement-breakpoint
-- Forks made before this format read their ancestors live: fix what they read now, per series.
WITH RECURSIVE chain(child, ancestor, up_to, position) AS (
	SELECT id, parent_id, fork_step, 1 FROM runs WHERE parent_id IS NOT NULL AND fork_step IS NOT NULL
	UNION ALL
	SELECT c.child, p.parent_id, min(c.up_to, coalesce(p.fork_step, c.up_to)), c.position + 1
	FROM chain c JOIN runs p ON p.id = c.ancestor WHERE p.parent_id IS NOT NULL
)
INSERT INTO `fork_reads` (`field_id`, `position`, `source_field_id`, `up_to`)
SELECT cf.id, c.position, af.id, min(c.up_to, af.last_step)
FROM chain c
JOIN fields cf ON cf.run_id = c.child AND cf.type IN ('FloatSeries', 'StringSeries', 'FileSeries', 'HistogramSeries')
JOIN fields af ON af.run_id = c.ancestor AND af.path = cf.path AND af.type = cf.type
WHERE af.count > 0 AND af.last_step IS NOT NULL AND af.first_step <= c.up_to;
