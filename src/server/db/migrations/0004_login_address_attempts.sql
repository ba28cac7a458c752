-- Login throttling per client address: failed logins across usernames in the current window.
CREATE TABLE "login_address_attempts" (
	"address_key" text PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"failures" integer NOT NULL
);
