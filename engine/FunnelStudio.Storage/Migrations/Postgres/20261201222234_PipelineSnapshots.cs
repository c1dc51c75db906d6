using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
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
                    @object = table.Column<string>(name: "object", type: "character varying(63)", maxLength: 63, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    taken_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipeline_snapshot_days", x => new { x.@object, x.day });
                });

            migrationBuilder.CreateTable(
                name: "pipeline_snapshots",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    @object = table.Column<string>(name: "object", type: "character varying(63)", maxLength: 63, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    owner_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    close_month = table.Column<DateOnly>(type: "date", nullable: true),
                    stage = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
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
