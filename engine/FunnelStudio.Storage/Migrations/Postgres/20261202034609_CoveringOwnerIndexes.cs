using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
{
    /// <summary>
    /// The owner index of stage history becomes covering (INCLUDE): an owner-filtered dashboard then
    /// reads that owner's moves by an index-only scan instead of visiting the heap once per move. Dropped
    /// and re-created under the same name in the migration's transaction, so no reader sees the table without it. SQLite has no INCLUDE; its indexes are unchanged.
    /// </summary>
    public partial class CoveringOwnerIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_stage_history__object_owner_at",
                table: "stage_history");

            migrationBuilder.CreateIndex(
                name: "ix_stage_history__object_owner_at",
                table: "stage_history",
                columns: new[] { "object", "owner_id", "at" })
                .Annotation("Npgsql:IndexInclude", new[] { "record_id", "id", "from_stage", "to_stage", "amount", "seconds_in_previous_stage" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_stage_history__object_owner_at",
                table: "stage_history");

            migrationBuilder.CreateIndex(
                name: "ix_stage_history__object_owner_at",
                table: "stage_history",
                columns: new[] { "object", "owner_id", "at" });
        }
    }
}
