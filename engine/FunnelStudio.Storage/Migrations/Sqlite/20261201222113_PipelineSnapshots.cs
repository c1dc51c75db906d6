using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PipelineSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pipeline_snapshot_days",
                columns: table => new
                {
                    @object = table.Column<string>(name: "object", type: "TEXT", maxLength: 63, nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    taken_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipeline_snapshot_days", x => new { x.@object, x.day });
                });

            migrationBuilder.CreateTable(
                name: "pipeline_snapshots",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    @object = table.Column<string>(name: "object", type: "TEXT", maxLength: 63, nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    owner_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    close_month = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    stage = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    count = table.Column<int>(type: "INTEGER", nullable: false),
                    amount = table.Column<decimal>(type: "numeric", nullable: false),
                    weighted_amount = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipeline_snapshots", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_pipeline_snapshots__object_day",
                table: "pipeline_snapshots",
                columns: new[] { "object", "day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pipeline_snapshot_days");

            migrationBuilder.DropTable(
                name: "pipeline_snapshots");
        }
    }
}
