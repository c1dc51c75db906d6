using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ConfigVersionDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_config_versions__published",
                table: "config_versions");

            migrationBuilder.DropColumn(
                name: "is_published",
                table: "config_versions");

            migrationBuilder.AlterColumn<DateTime>(
                name: "published_at",
                table: "config_versions",
                type: "timestamp with time zone",
                nullable: true,
                oldClrType: typeof(DateTime),
                oldType: "timestamp with time zone");

            migrationBuilder.CreateIndex(
                name: "ux_config_versions__published",
                table: "config_versions",
                column: "status",
                unique: true,
                filter: "\"status\" = 'published'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The older model has neither drafts nor versions without a publication time.
            migrationBuilder.Sql("DELETE FROM config_versions WHERE status = 'draft';");

            migrationBuilder.DropIndex(
                name: "ux_config_versions__published",
                table: "config_versions");

            migrationBuilder.AlterColumn<DateTime>(
                name: "published_at",
                table: "config_versions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified),
                oldClrType: typeof(DateTime),
                oldType: "timestamp with time zone",
                oldNullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_published",
                table: "config_versions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.Sql("UPDATE config_versions SET is_published = (status = 'published');");

            migrationBuilder.CreateIndex(
                name: "ux_config_versions__published",
                table: "config_versions",
                column: "is_published",
                unique: true,
                filter: "\"is_published\"");
        }
    }
}
