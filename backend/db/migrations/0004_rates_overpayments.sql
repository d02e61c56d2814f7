CREATE TABLE `interest_rates` (
	`half` text PRIMARY KEY NOT NULL,
	`rate_pct` real NOT NULL,
	`source` text NOT NULL,
	`entered_by` text,
	`entered_by_email` text,
	`entered_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `overpayments` (
	`id` text PRIMARY KEY NOT NULL,
	`payment_id` text NOT NULL,
	`case_id` text NOT NULL,
	`creditor_id` text NOT NULL,
	`amount_ore` integer NOT NULL,
	`status` text NOT NULL,
	`resolved_at` text,
	`resolved_by` text,
	`resolution` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `agency_payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`creditor_id`) REFERENCES `creditors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `overpayments_payment_id_unique` ON `overpayments` (`payment_id`);--> statement-breakpoint
CREATE INDEX `overpayments_status` ON `overpayments` (`status`,`creditor_id`);--> statement-breakpoint
CREATE INDEX `overpayments_case` ON `overpayments` (`case_id`);