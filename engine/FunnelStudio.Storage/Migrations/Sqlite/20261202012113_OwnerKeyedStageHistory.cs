using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Sqlite
{
    /// <summary>
    /// stage_history.owner_id: a copy of the record's current owner, so that figures filtered by owner
    /// read that owner's moves by (object, owner_id, at) instead of joining the whole history to the
    /// records. Filled for the existing rows here, then kept by two triggers — every writer of the
    /// two tables passes the database, not every writer passes the save path (see StageHistoryOwnerTriggers).
    /// </summary>
    public partial class OwnerKeyedStageHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "owner_id",
                table: "stage_history",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_stage_history__object_owner_at",
                table: "stage_history",
                columns: new[] { "object", "owner_id", "at" });

            migrationBuilder.Sql("UPDATE stage_history SET owner_id = (SELECT r.owner_id FROM records r WHERE r.id = stage_history.record_id);");
            migrationBuilder.Sql("""
                CREATE TRIGGER tr_stage_history__owner AFTER INSERT ON stage_history
                FOR EACH ROW WHEN NEW.owner_id IS NULL
                BEGIN
                    UPDATE stage_history SET owner_id = (SELECT r.owner_id FROM records r WHERE r.id = NEW.record_id) WHERE id = NEW.id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER tr_records__owner_to_history AFTER UPDATE OF owner_id ON records
                FOR EACH ROW WHEN OLD.owner_id IS NOT NEW.owner_id
                BEGIN
                    UPDATE stage_history SET owner_id = NEW.owner_id WHERE record_id = NEW.id;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER tr_records__owner_to_history;");
            migrationBuilder.Sql("DROP TRIGGER tr_stage_history__owner;");

            migrationBuilder.DropIndex(
                name: "ix_stage_history__object_owner_at",
                table: "stage_history");

            migrationBuilder.DropColumn(
                name: "owner_id",
                table: "stage_history");
        }
    }
}
