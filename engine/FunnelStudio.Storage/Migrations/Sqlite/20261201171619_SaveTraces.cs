using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SaveTraces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "save_traces",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    @object = table.Column<string>(name: "object", type: "TEXT", maxLength: 63, nullable: false),
                    operation = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    config_version = table.Column<long>(type: "INTEGER", nullable: false),
                    duration_ms = table.Column<double>(type: "REAL", nullable: false),
                    script_failed = table.Column<bool>(type: "INTEGER", nullable: false),
                    steps = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_save_traces", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_save_traces__at",
                table: "save_traces",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_save_traces__record_at",
                table: "save_traces",
                columns: new[] { "record_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_save_traces__script_failed_at",
                table: "save_traces",
                column: "at",
                filter: "\"script_failed\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "save_traces");
        }
    }
}
