CREATE TABLE `activation_requests` (
	`org_no` text PRIMARY KEY NOT NULL,
	`firm_id` text NOT NULL,
	`firm_name` text NOT NULL,
	`user_id` text NOT NULL,
	`asked_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `onboardings` (
	`creditor_id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`progress` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`creditor_id`) REFERENCES `creditors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Registrations under way and the agency's waiting list were kept as rows of the jobs table; they
-- are domain state, not jobs: carried over, then removed from jobs.
INSERT INTO `onboardings` (`creditor_id`, `state`, `progress`, `created_at`, `updated_at`)
SELECT `key`, CASE WHEN `state` = 'done' THEN 'done' ELSE 'pending' END, `payload`, `created_at`, `updated_at`
FROM `jobs` WHERE `queue` = 'onboarding' AND `key` IN (SELECT `id` FROM `creditors`);
--> statement-breakpoint
INSERT INTO `activation_requests` (`org_no`, `firm_id`, `firm_name`, `user_id`, `asked_at`)
SELECT `key`, COALESCE(json_extract(`payload`, '$.firmId'), ''), COALESCE(json_extract(`payload`, '$.firmName'), ''), COALESCE(json_extract(`payload`, '$.userId'), ''), `updated_at`
FROM `jobs` WHERE `queue` = 'agency_activation';
--> statement-breakpoint
DELETE FROM `jobs` WHERE `queue` IN ('onboarding', 'agency_activation');
