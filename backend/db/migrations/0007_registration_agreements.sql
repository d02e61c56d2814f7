CREATE TABLE `agency_customers` (
	`org_no` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`open_cases` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `agreement_acceptances` (
	`id` text PRIMARY KEY NOT NULL,
	`creditor_id` text NOT NULL,
	`agreement_version` integer NOT NULL,
	`user_id` text NOT NULL,
	`accepted_at` text NOT NULL,
	`authority_confirmed` integer NOT NULL,
	FOREIGN KEY (`creditor_id`) REFERENCES `creditors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agreement_version`) REFERENCES `agreements`(`version`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agreement_acceptances_creditor_version` ON `agreement_acceptances` (`creditor_id`,`agreement_version`);--> statement-breakpoint
CREATE TABLE `agreements` (
	`version` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`commission_bp` integer NOT NULL,
	`commission_min_ore` integer NOT NULL,
	`debtor_pays` text NOT NULL,
	`published_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `invites` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`invited_by` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `creditors` ADD `legacy_open_cases` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `creditors` ADD `end_requested_at` text;--> statement-breakpoint
ALTER TABLE `creditors` ADD `ended_at` text;