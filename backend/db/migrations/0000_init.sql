CREATE TABLE `agency_payments` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`creditor_id` text NOT NULL,
	`amount_ore` integer NOT NULL,
	`paid_at` text NOT NULL,
	`reference` text NOT NULL,
	`costs_ore` integer NOT NULL,
	`interest_ore` integer NOT NULL,
	`principal_ore` integer NOT NULL,
	`principal_by_invoice` text NOT NULL,
	`surplus_ore` integer DEFAULT 0 NOT NULL,
	`remittance_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`creditor_id`) REFERENCES `creditors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agency_payments_case_reference` ON `agency_payments` (`case_id`,`reference`);--> statement-breakpoint
CREATE INDEX `agency_payments_unremitted` ON `agency_payments` (`creditor_id`,`remittance_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`user_id` text,
	`firm_id` text,
	`creditor_id` text,
	`action` text NOT NULL,
	`detail` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_creditor` ON `audit_log` (`creditor_id`,`at`);--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`at` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`amount_ore` integer,
	`external_ref` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_events_external_ref_unique` ON `case_events` (`external_ref`);--> statement-breakpoint
CREATE INDEX `case_events_case` ON `case_events` (`case_id`);--> statement-breakpoint
CREATE TABLE `case_invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`creditor_id` text NOT NULL,
	`go_invoice_id` text NOT NULL,
	`invoice_no` integer NOT NULL,
	`customer_no` text NOT NULL,
	`invoice_date` text NOT NULL,
	`due_date` text NOT NULL,
	`principal_ore` integer NOT NULL,
	`open_ore` integer NOT NULL,
	`state` text NOT NULL,
	`matching_reference` text,
	`linked_in_go` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`creditor_id`) REFERENCES `creditors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_invoices_creditor_go_invoice` ON `case_invoices` (`creditor_id`,`go_invoice_id`);--> statement-breakpoint
CREATE INDEX `case_invoices_creditor_invoice_no` ON `case_invoices` (`creditor_id`,`invoice_no`);--> statement-breakpoint
CREATE INDEX `case_invoices_case` ON `case_invoices` (`case_id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`creditor_id` text NOT NULL,
	`debtor_id` text NOT NULL,
	`case_no` text NOT NULL,
	`go_case_id` text,
	`stage` text NOT NULL,
	`dunning` text NOT NULL,
	`opened_at` text NOT NULL,
	`notice_sent_at` text,
	`notice_deadline` text,
	`demand_sent_at` text,
	`demand_deadline` text,
	`legal_at` text,
	`closed_at` text,
	`costs_ore` integer DEFAULT 0 NOT NULL,
	`interest_ore` integer DEFAULT 0 NOT NULL,
	`interest_through` text,
	`provisional_rate` integer DEFAULT false NOT NULL,
	`pushed_status_text` text,
	`pushed_balance_ore` integer,
	`pushed_closed` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`creditor_id`) REFERENCES `creditors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`debtor_id`) REFERENCES `debtors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_case_no_unique` ON `cases` (`case_no`);--> statement-breakpoint
CREATE INDEX `cases_creditor` ON `cases` (`creditor_id`);--> statement-breakpoint
CREATE INDEX `cases_debtor` ON `cases` (`debtor_id`);--> statement-breakpoint
CREATE TABLE `counters` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `creditor_access` (
	`firm_id` text NOT NULL,
	`creditor_id` text NOT NULL,
	PRIMARY KEY(`firm_id`, `creditor_id`),
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`creditor_id`) REFERENCES `creditors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `creditors` (
	`id` text PRIMARY KEY NOT NULL,
	`org_no` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`go_client_key_enc` text,
	`vat_deductible` integer NOT NULL,
	`accounts` text NOT NULL,
	`dunning` text NOT NULL,
	`approval` text NOT NULL,
	`commission_bp` integer NOT NULL,
	`commission_min_ore` integer NOT NULL,
	`address` text,
	`bank_account` text,
	`contact` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `creditors_org_no_unique` ON `creditors` (`org_no`);--> statement-breakpoint
CREATE TABLE `debtors` (
	`id` text PRIMARY KEY NOT NULL,
	`creditor_id` text NOT NULL,
	`customer_no` text NOT NULL,
	`name` text NOT NULL,
	`org_no` text,
	`org_no_invalid` integer DEFAULT false NOT NULL,
	`kind` text NOT NULL,
	FOREIGN KEY (`creditor_id`) REFERENCES `creditors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `debtors_creditor_customer` ON `debtors` (`creditor_id`,`customer_no`);--> statement-breakpoint
CREATE TABLE `firms` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `go_invoices` (
	`creditor_id` text NOT NULL,
	`go_invoice_id` text NOT NULL,
	`invoice_no` integer NOT NULL,
	`customer_no` text NOT NULL,
	`due_date` text NOT NULL,
	`amount_ore` integer NOT NULL,
	`balance_ore` integer NOT NULL,
	`cid` text,
	`dc_status` integer NOT NULL,
	`debt_collection_code` text,
	`last_changed` text NOT NULL,
	PRIMARY KEY(`creditor_id`, `go_invoice_id`),
	FOREIGN KEY (`creditor_id`) REFERENCES `creditors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `go_invoices_creditor_invoice_no` ON `go_invoices` (`creditor_id`,`invoice_no`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`queue` text NOT NULL,
	`key` text NOT NULL,
	`state` text NOT NULL,
	`recovery_point` text DEFAULT 'started' NOT NULL,
	`payload` text NOT NULL,
	`result` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`lease_until` text,
	`run_after` text,
	`last_error` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_queue_key` ON `jobs` (`queue`,`key`);--> statement-breakpoint
CREATE TABLE `login_failures` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`window_start` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `remittances` (
	`id` text PRIMARY KEY NOT NULL,
	`creditor_id` text NOT NULL,
	`date` text NOT NULL,
	`status` text NOT NULL,
	`payout_ore` integer NOT NULL,
	`totals` text NOT NULL,
	`lines` text NOT NULL,
	`provisional_rate` integer DEFAULT false NOT NULL,
	`external_import_reference` text NOT NULL,
	`go_voucher_id` text,
	`go_voucher_no` integer,
	`agency_invoice_ore` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`posted_at` text,
	FOREIGN KEY (`creditor_id`) REFERENCES `creditors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `remittances_external_import_reference_unique` ON `remittances` (`external_import_reference`);--> statement-breakpoint
CREATE INDEX `remittances_creditor` ON `remittances` (`creditor_id`,`date`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sync_cursors` (
	`creditor_id` text PRIMARY KEY NOT NULL,
	`matched_items_since` text,
	`invoices_since` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`creditor_id`) REFERENCES `creditors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`creditor_id` text NOT NULL,
	`trigger` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`ok` integer DEFAULT false NOT NULL,
	`cases_created` integer DEFAULT 0 NOT NULL,
	`invoices_added` integer DEFAULT 0 NOT NULL,
	`status_updates` integer DEFAULT 0 NOT NULL,
	`matched_items` integer DEFAULT 0 NOT NULL,
	`go_calls` integer DEFAULT 0 NOT NULL,
	`errors` text NOT NULL,
	`duration_ms` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`creditor_id`) REFERENCES `creditors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sync_runs_creditor` ON `sync_runs` (`creditor_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`roles` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`firm_id`) REFERENCES `firms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);