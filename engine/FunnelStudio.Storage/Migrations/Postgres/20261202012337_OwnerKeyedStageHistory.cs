using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
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
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_stage_history__object_owner_at",
                table: "stage_history",
                columns: new[] { "object", "owner_id", "at" });

            migrationBuilder.Sql("UPDATE stage_history h SET owner_id = r.owner_id FROM records r WHERE r.id = h.record_id AND r.owner_id IS NOT NULL;");
            migrationBuilder.Sql("""
                CREATE FUNCTION fs_stage_history_owner() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.owner_id := (SELECT r.owner_id FROM records r WHERE r.id = NEW.record_id);
                    RETURN NEW;
                END $$;
                CREATE TRIGGER tr_stage_history__owner BEFORE INSERT ON stage_history
                    FOR EACH ROW WHEN (NEW.owner_id IS NULL) EXECUTE FUNCTION fs_stage_history_owner();
                CREATE FUNCTION fs_records_owner_to_history() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE stage_history SET owner_id = NEW.owner_id WHERE record_id = NEW.id;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER tr_records__owner_to_history AFTER UPDATE OF owner_id ON records
                    FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id) EXECUTE FUNCTION fs_records_owner_to_history();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER tr_records__owner_to_history ON records;
                DROP FUNCTION fs_records_owner_to_history();
                DROP TRIGGER tr_stage_history__owner ON stage_history;
                DROP FUNCTION fs_stage_history_owner();
                """);

            migrationBuilder.DropIndex(
                name: "ix_stage_history__object_owner_at",
                table: "stage_history");

            migrationBuilder.DropColumn(
                name: "owner_id",
                table: "stage_history");
        }
    }
}
