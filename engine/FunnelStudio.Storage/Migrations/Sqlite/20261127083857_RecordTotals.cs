using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecordTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "amount",
                table: "records",
                type: "numeric",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "record_totals",
                columns: table => new
                {
                    @object = table.Column<string>(name: "object", type: "TEXT", maxLength: 63, nullable: false),
                    stage = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    owner_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    shard = table.Column<short>(type: "INTEGER", nullable: false),
                    count = table.Column<long>(type: "INTEGER", nullable: false),
                    amount = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_record_totals", x => new { x.@object, x.stage, x.owner_id, x.shard });
                });

            // Existing rows: the amount of the usual "amount" field (a publish refreshes it from the
            // package's real amount field), then the totals, before the triggers keep them.
            migrationBuilder.Sql("""
                UPDATE records SET amount = json_extract("values", '$.amount') WHERE json_type("values", '$.amount') IN ('integer', 'real');
                INSERT INTO record_totals (object, stage, owner_id, shard, count, amount)
                SELECT object, COALESCE(stage, ''), COALESCE(owner_id, ''), 0, COUNT(*), COALESCE(SUM(amount), 0)
                FROM records WHERE NOT deleted GROUP BY 1, 2, 3;
                """);

            // Keeps record_totals in the writing transaction, whoever writes records. SQLite has one
            // writer at a time, so every key has one shard (0).
            migrationBuilder.Sql("""
                CREATE TRIGGER records_totals_insert AFTER INSERT ON records
                BEGIN
                  INSERT INTO record_totals (object, stage, owner_id, shard, count, amount)
                  SELECT NEW.object, COALESCE(NEW.stage, ''), COALESCE(NEW.owner_id, ''), 0, 1, COALESCE(NEW.amount, 0) WHERE NOT NEW.deleted
                  ON CONFLICT (object, stage, owner_id, shard) DO UPDATE SET count = count + excluded.count, amount = amount + excluded.amount;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER records_totals_update AFTER UPDATE OF object, stage, owner_id, amount, deleted ON records
                BEGIN
                  INSERT INTO record_totals (object, stage, owner_id, shard, count, amount)
                  SELECT OLD.object, COALESCE(OLD.stage, ''), COALESCE(OLD.owner_id, ''), 0, -1, -COALESCE(OLD.amount, 0) WHERE NOT OLD.deleted
                  ON CONFLICT (object, stage, owner_id, shard) DO UPDATE SET count = count + excluded.count, amount = amount + excluded.amount;
                  INSERT INTO record_totals (object, stage, owner_id, shard, count, amount)
                  SELECT NEW.object, COALESCE(NEW.stage, ''), COALESCE(NEW.owner_id, ''), 0, 1, COALESCE(NEW.amount, 0) WHERE NOT NEW.deleted
                  ON CONFLICT (object, stage, owner_id, shard) DO UPDATE SET count = count + excluded.count, amount = amount + excluded.amount;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER records_totals_delete AFTER DELETE ON records
                BEGIN
                  INSERT INTO record_totals (object, stage, owner_id, shard, count, amount)
                  SELECT OLD.object, COALESCE(OLD.stage, ''), COALESCE(OLD.owner_id, ''), 0, -1, -COALESCE(OLD.amount, 0) WHERE NOT OLD.deleted
                  ON CONFLICT (object, stage, owner_id, shard) DO UPDATE SET count = count + excluded.count, amount = amount + excluded.amount;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER records_totals_delete;");
            migrationBuilder.Sql("DROP TRIGGER records_totals_update;");
            migrationBuilder.Sql("DROP TRIGGER records_totals_insert;");

            migrationBuilder.DropTable(
                name: "record_totals");

            migrationBuilder.DropColumn(
                name: "amount",
                table: "records");
        }
    }
}
