using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConfigVersionStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "created_at",
                table: "config_versions",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "created_by",
                table: "config_versions",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "diff_summary",
                table: "config_versions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "source_version_id",
                table: "config_versions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "config_versions",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "retired");

            // Versions stored before drafts existed were all published once: the marked one is the
            // published version, the others are retired; each was created when it was published.
            migrationBuilder.Sql("UPDATE config_versions SET status = CASE WHEN is_published = 1 THEN 'published' ELSE 'retired' END, " +
                "created_at = published_at, created_by = published_by;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "created_at",
                table: "config_versions");

            migrationBuilder.DropColumn(
                name: "created_by",
                table: "config_versions");

            migrationBuilder.DropColumn(
                name: "diff_summary",
                table: "config_versions");

            migrationBuilder.DropColumn(
                name: "source_version_id",
                table: "config_versions");

            migrationBuilder.DropColumn(
                name: "status",
                table: "config_versions");
        }
    }
}
