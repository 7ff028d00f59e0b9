CREATE TABLE "zone_plans" (
	"zone_id" integer PRIMARY KEY NOT NULL,
	"kind" text DEFAULT 'grid' NOT NULL,
	"cols" smallint NOT NULL,
	"rows" smallint NOT NULL,
	"image" "bytea",
	"image_type" text,
	"image_width" integer,
	"image_height" integer,
	"image_hash" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "zone_plans_kind" CHECK ("zone_plans"."kind" in ('grid', 'image')),
	CONSTRAINT "zone_plans_size" CHECK ("zone_plans"."cols" between 4 and 60 and "zone_plans"."rows" between 4 and 60),
	CONSTRAINT "zone_plans_image" CHECK (("zone_plans"."kind" = 'grid' and "zone_plans"."image" is null) or ("zone_plans"."kind" = 'image' and "zone_plans"."image" is not null and "zone_plans"."image_type" in ('image/png', 'image/jpeg', 'image/svg+xml') and "zone_plans"."image_hash" is not null))
);
--> statement-breakpoint
ALTER TABLE "desks" ADD COLUMN "plan_x" smallint;--> statement-breakpoint
ALTER TABLE "desks" ADD COLUMN "plan_y" smallint;--> statement-breakpoint
ALTER TABLE "zone_plans" ADD CONSTRAINT "zone_plans_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "desks" ADD CONSTRAINT "desks_plan_position" CHECK (("desks"."plan_x" is null and "desks"."plan_y" is null) or ("desks"."plan_x" >= 0 and "desks"."plan_y" >= 0));