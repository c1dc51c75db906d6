using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
{
    /// <summary>
    /// Per-day analytics rollups (Analytics/Rollups): the rollup rows, the marks of days to rebuild and the state of
    /// each object's build, and the triggers that write the marks on every write of records and stage_history.
    /// </summary>
    public partial class DayRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "analytics_day_rollups",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    @object = table.Column<string>(name: "object", type: "character varying(63)", maxLength: 63, nullable: false),
                    owner_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    day = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<short>(type: "smallint", nullable: false),
                    stage = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false),
                    amount_sum = table.Column<decimal>(type: "numeric", nullable: true),
                    amount_count = table.Column<long>(type: "bigint", nullable: false),
                    value_sum = table.Column<double>(type: "double precision", nullable: false),
                    samples = table.Column<byte[]>(type: "bytea", nullable: true),
                    bounded = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_analytics_day_rollups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "analytics_rollup_marks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    @object = table.Column<string>(name: "object", type: "character varying(63)", maxLength: 63, nullable: false),
                    owner_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_analytics_rollup_marks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "analytics_rollup_states",
                columns: table => new
                {
                    @object = table.Column<string>(name: "object", type: "character varying(63)", maxLength: 63, nullable: false),
                    zone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    terminals = table.Column<string>(type: "text", nullable: false),
                    built = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_analytics_rollup_states", x => x.@object);
                });

            migrationBuilder.CreateIndex(
                name: "ix_analytics_day_rollups__object_owner_kind_day",
                table: "analytics_day_rollups",
                columns: new[] { "object", "owner_id", "kind", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_analytics_rollup_marks__object_owner",
                table: "analytics_rollup_marks",
                columns: new[] { "object", "owner_id" });

            // Marks for the rollup days a write changes (see DayRollupTriggers): the moves of the record for its
            // owner(s) before and after, and its creation. Only objects with a rollup state are marked.
            migrationBuilder.Sql("""
                CREATE FUNCTION fs_rollup_history_marks() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- The record's moves as they are now (NEW among them): a move changes the bounds of the others.
                    IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM analytics_rollup_states s WHERE s.object = NEW.object) THEN
                        INSERT INTO analytics_rollup_marks (object, owner_id, at)
                        SELECT NEW.object, COALESCE(NEW.owner_id, ''), h.at FROM stage_history h WHERE h.record_id = NEW.record_id;
                    END IF;
                    IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM analytics_rollup_states s WHERE s.object = OLD.object) THEN
                        INSERT INTO analytics_rollup_marks (object, owner_id, at)
                        SELECT OLD.object, COALESCE(OLD.owner_id, ''), OLD.at
                        UNION ALL SELECT OLD.object, COALESCE(OLD.owner_id, ''), h.at FROM stage_history h WHERE h.record_id = OLD.record_id;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER tr_stage_history__rollup_insert AFTER INSERT ON stage_history
                    FOR EACH ROW EXECUTE FUNCTION fs_rollup_history_marks();
                CREATE TRIGGER tr_stage_history__rollup_update AFTER UPDATE ON stage_history
                    FOR EACH ROW WHEN (OLD.at IS DISTINCT FROM NEW.at OR OLD.to_stage IS DISTINCT FROM NEW.to_stage
                        OR OLD.from_stage IS DISTINCT FROM NEW.from_stage OR OLD.amount IS DISTINCT FROM NEW.amount
                        OR OLD.seconds_in_previous_stage IS DISTINCT FROM NEW.seconds_in_previous_stage
                        OR OLD.record_id IS DISTINCT FROM NEW.record_id OR OLD.object IS DISTINCT FROM NEW.object)
                    EXECUTE FUNCTION fs_rollup_history_marks();
                CREATE TRIGGER tr_stage_history__rollup_delete AFTER DELETE ON stage_history
                    FOR EACH ROW EXECUTE FUNCTION fs_rollup_history_marks();
                CREATE FUNCTION fs_rollup_record_marks() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        -- A new record has no moves yet: its creation is all there is to mark.
                        IF EXISTS (SELECT 1 FROM analytics_rollup_states s WHERE s.object = NEW.object) THEN
                            INSERT INTO analytics_rollup_marks (object, owner_id, at) VALUES (NEW.object, COALESCE(NEW.owner_id, ''), NEW.created_at);
                        END IF;
                        RETURN NULL;
                    END IF;
                    IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM analytics_rollup_states s WHERE s.object = NEW.object) THEN
                        INSERT INTO analytics_rollup_marks (object, owner_id, at)
                        SELECT NEW.object, COALESCE(NEW.owner_id, ''), NEW.created_at
                        UNION ALL SELECT NEW.object, COALESCE(NEW.owner_id, ''), h.at FROM stage_history h WHERE h.record_id = NEW.id;
                    END IF;
                    IF EXISTS (SELECT 1 FROM analytics_rollup_states s WHERE s.object = OLD.object) THEN
                        INSERT INTO analytics_rollup_marks (object, owner_id, at)
                        SELECT OLD.object, COALESCE(OLD.owner_id, ''), OLD.created_at
                        UNION ALL SELECT OLD.object, COALESCE(OLD.owner_id, ''), h.at FROM stage_history h WHERE h.record_id = OLD.id;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER tr_records__rollup_insert AFTER INSERT ON records
                    FOR EACH ROW EXECUTE FUNCTION fs_rollup_record_marks();
                CREATE TRIGGER tr_records__rollup_update AFTER UPDATE OF owner_id, amount, deleted, created_at ON records
                    FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.amount IS DISTINCT FROM NEW.amount
                        OR OLD.deleted IS DISTINCT FROM NEW.deleted OR OLD.created_at IS DISTINCT FROM NEW.created_at)
                    EXECUTE FUNCTION fs_rollup_record_marks();
                CREATE TRIGGER tr_records__rollup_delete AFTER DELETE ON records
                    FOR EACH ROW EXECUTE FUNCTION fs_rollup_record_marks();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER tr_records__rollup_delete ON records;
                DROP TRIGGER tr_records__rollup_update ON records;
                DROP TRIGGER tr_records__rollup_insert ON records;
                DROP FUNCTION fs_rollup_record_marks();
                DROP TRIGGER tr_stage_history__rollup_delete ON stage_history;
                DROP TRIGGER tr_stage_history__rollup_update ON stage_history;
                DROP TRIGGER tr_stage_history__rollup_insert ON stage_history;
                DROP FUNCTION fs_rollup_history_marks();
                """);

            migrationBuilder.DropTable(
                name: "analytics_day_rollups");

            migrationBuilder.DropTable(
                name: "analytics_rollup_marks");

            migrationBuilder.DropTable(
                name: "analytics_rollup_states");
        }
    }
}
