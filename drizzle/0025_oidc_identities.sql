CREATE TABLE "oidc_identities" (
	"id" serial PRIMARY KEY NOT NULL,
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "oidc_identities_subject" UNIQUE("issuer","subject"),
	CONSTRAINT "oidc_identities_user_issuer" UNIQUE("user_id","issuer"),
	CONSTRAINT "oidc_identities_nonempty" CHECK ("oidc_identities"."issuer" <> '' and "oidc_identities"."subject" <> '')
);
--> statement-breakpoint
ALTER TABLE "oidc_identities" ADD CONSTRAINT "oidc_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;