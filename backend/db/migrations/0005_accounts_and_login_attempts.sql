CREATE TABLE `login_attempts` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`window_start` integer NOT NULL,
	`strikes` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP TABLE `login_failures`;--> statement-breakpoint
ALTER TABLE `users` ADD `kind` text DEFAULT 'firm' NOT NULL;