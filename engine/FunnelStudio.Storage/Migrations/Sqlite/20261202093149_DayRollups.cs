using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Sqlite
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    @object = table.Column<string>(name: "object", type: "TEXT", maxLength: 63, nullable: false),
                    owner_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    day = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<short>(type: "INTEGER", nullable: false),
                    stage = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    count = table.Column<long>(type: "INTEGER", nullable: false),
                    amount_sum = table.Column<decimal>(type: "numeric", nullable: true),
                    amount_count = table.Column<long>(type: "INTEGER", nullable: false),
                    value_sum = table.Column<double>(type: "REAL", nullable: false),
                    samples = table.Column<byte[]>(type: "BLOB", nullable: true),
                    bounded = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_analytics_day_rollups", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "analytics_rollup_marks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    @object = table.Column<string>(name: "object", type: "TEXT", maxLength: 63, nullable: false),
                    owner_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_analytics_rollup_marks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "analytics_rollup_states",
                columns: table => new
                {
                    @object = table.Column<string>(name: "object", type: "TEXT", maxLength: 63, nullable: false),
                    zone = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    terminals = table.Column<string>(type: "TEXT", nullable: false),
                    built = table.Column<bool>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                CREATE TRIGGER tr_stage_history__rollup_insert AFTER INSERT ON stage_history
                FOR EACH ROW WHEN EXISTS (SELECT 1 FROM analytics_rollup_states s WHERE s.object = NEW.object)
                BEGIN
                    INSERT INTO analytics_rollup_marks (object, owner_id, at)
                    SELECT NEW.object, COALESCE(r.owner_id, ''), h.at FROM stage_history h JOIN records r ON r.id = h.record_id
                    WHERE h.record_id = NEW.record_id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER tr_stage_history__rollup_update AFTER UPDATE ON stage_history
                FOR EACH ROW WHEN (OLD.at IS NOT NEW.at OR OLD.to_stage IS NOT NEW.to_stage OR OLD.from_stage IS NOT NEW.from_stage
                    OR OLD.amount IS NOT NEW.amount OR OLD.seconds_in_previous_stage IS NOT NEW.seconds_in_previous_stage
                    OR OLD.record_id IS NOT NEW.record_id OR OLD.object IS NOT NEW.object)
                    AND EXISTS (SELECT 1 FROM analytics_rollup_states s WHERE s.object IN (OLD.object, NEW.object))
                BEGIN
                    INSERT INTO analytics_rollup_marks (object, owner_id, at)
                    SELECT OLD.object, COALESCE(OLD.owner_id, ''), OLD.at
                    UNION ALL SELECT NEW.object, COALESCE(NEW.owner_id, ''), h.at FROM stage_history h WHERE h.record_id = NEW.record_id
                    UNION ALL SELECT OLD.object, COALESCE(OLD.owner_id, ''), h.at FROM stage_history h WHERE h.record_id = OLD.record_id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER tr_stage_history__rollup_delete AFTER DELETE ON stage_history
                FOR EACH ROW WHEN EXISTS (SELECT 1 FROM analytics_rollup_states s WHERE s.object = OLD.object)
                BEGIN
                    INSERT INTO analytics_rollup_marks (object, owner_id, at)
                    SELECT OLD.object, COALESCE(OLD.owner_id, ''), OLD.at
                    UNION ALL SELECT OLD.object, COALESCE(OLD.owner_id, ''), h.at FROM stage_history h WHERE h.record_id = OLD.record_id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER tr_records__rollup_insert AFTER INSERT ON records
                FOR EACH ROW WHEN EXISTS (SELECT 1 FROM analytics_rollup_states s WHERE s.object = NEW.object)
                BEGIN
                    INSERT INTO analytics_rollup_marks (object, owner_id, at) VALUES (NEW.object, COALESCE(NEW.owner_id, ''), NEW.created_at);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER tr_records__rollup_update AFTER UPDATE OF owner_id, amount, deleted, created_at ON records
                FOR EACH ROW WHEN (OLD.owner_id IS NOT NEW.owner_id OR OLD.amount IS NOT NEW.amount OR OLD.deleted IS NOT NEW.deleted
                    OR OLD.created_at IS NOT NEW.created_at)
                    AND EXISTS (SELECT 1 FROM analytics_rollup_states s WHERE s.object = NEW.object)
                BEGIN
                    INSERT INTO analytics_rollup_marks (object, owner_id, at)
                    SELECT NEW.object, COALESCE(NEW.owner_id, ''), NEW.created_at
                    UNION ALL SELECT OLD.object, COALESCE(OLD.owner_id, ''), OLD.created_at
                    UNION ALL SELECT NEW.object, COALESCE(NEW.owner_id, ''), h.at FROM stage_history h WHERE h.record_id = NEW.id
                    UNION ALL SELECT OLD.object, COALESCE(OLD.owner_id, ''), h.at FROM stage_history h WHERE h.record_id = OLD.id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER tr_records__rollup_delete AFTER DELETE ON records
                FOR EACH ROW WHEN EXISTS (SELECT 1 FROM analytics_rollup_states s WHERE s.object = OLD.object)
                BEGIN
                    INSERT INTO analytics_rollup_marks (object, owner_id, at)
                    SELECT OLD.object, COALESCE(OLD.owner_id, ''), OLD.created_at
                    UNION ALL SELECT OLD.object, COALESCE(OLD.owner_id, ''), h.at FROM stage_history h WHERE h.record_id = OLD.id;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "tr_records__rollup_delete", "tr_records__rollup_update", "tr_records__rollup_insert",
                         "tr_stage_history__rollup_delete", "tr_stage_history__rollup_update", "tr_stage_history__rollup_insert" })
                migrationBuilder.Sql($"DROP TRIGGER {trigger};");

            migrationBuilder.DropTable(
                name: "analytics_day_rollups");

            migrationBuilder.DropTable(
                name: "analytics_rollup_marks");

            migrationBuilder.DropTable(
                name: "analytics_rollup_states");
        }
    }
}
