using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
{
    /// <summary>
    /// A partial covering index for the dashboards' open pipeline (live records of some owners by stage, with amount
    /// and the instants the stalled count reads), so it is read by an index-only scan. PostgreSQL only (INCLUDE).
    /// </summary>
    public partial class OpenPipelineIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_records__open_pipeline",
                table: "records",
                columns: new[] { "object", "owner_id", "stage" },
                filter: "deleted = FALSE")
                .Annotation("Npgsql:IndexInclude", new[] { "amount", "stage_entered_at", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_records__open_pipeline",
                table: "records");
        }
    }
}
