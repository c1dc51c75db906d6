using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
{
    /// <summary>
    /// The owner indexes of records and stage history become covering (INCLUDE): an owner-filtered
    /// dashboard then reads that owner's records and moves by index-only scans instead of visiting the
    /// heap once per row. Dropped and re-created under the same names in the migration's transaction,
    /// so no reader ever sees the table without them. SQLite has no INCLUDE; its indexes are unchanged.
    /// </summary>
    public partial class CoveringOwnerIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_stage_history__object_owner_at",
                table: "stage_history");

            migrationBuilder.DropIndex(
                name: "ix_records__object_owner",
                table: "records");

            migrationBuilder.CreateIndex(
                name: "ix_stage_history__object_owner_at",
                table: "stage_history",
                columns: new[] { "object", "owner_id", "at" })
                .Annotation("Npgsql:IndexInclude", new[] { "record_id", "id", "from_stage", "to_stage", "amount", "seconds_in_previous_stage" });

            migrationBuilder.CreateIndex(
                name: "ix_records__object_owner",
                table: "records",
                columns: new[] { "object", "owner_id" })
                .Annotation("Npgsql:IndexInclude", new[] { "id", "deleted", "created_at", "stage", "amount", "stage_entered_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_stage_history__object_owner_at",
                table: "stage_history");

            migrationBuilder.DropIndex(
                name: "ix_records__object_owner",
                table: "records");

            migrationBuilder.CreateIndex(
                name: "ix_stage_history__object_owner_at",
                table: "stage_history",
                columns: new[] { "object", "owner_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_records__object_owner",
                table: "records",
                columns: new[] { "object", "owner_id" });
        }
    }
}
