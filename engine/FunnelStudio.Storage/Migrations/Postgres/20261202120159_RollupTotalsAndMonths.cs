using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
{
    /// <summary>
    /// Rollup rows that sum others: rows without an owner (every owner's rows of a day or month, for the figures over
    /// all records) and month rows (<c>grain</c> 1, a month's day rows, for periods of whole months). Rollups built
    /// before have neither, so every object is marked not built and the job builds it again.
    /// </summary>
    public partial class RollupTotalsAndMonths : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_analytics_day_rollups__object_owner_kind_day",
                table: "analytics_day_rollups");

            migrationBuilder.AlterColumn<string>(
                name: "owner_id",
                table: "analytics_day_rollups",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(450)",
                oldMaxLength: 450);

            migrationBuilder.AddColumn<short>(
                name: "grain",
                table: "analytics_day_rollups",
                type: "smallint",
                nullable: false,
                defaultValue: (short)0);

            migrationBuilder.CreateIndex(
                name: "ix_analytics_day_rollups__object_day",
                table: "analytics_day_rollups",
                columns: new[] { "object", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_analytics_day_rollups__object_owner_kind_grain_day",
                table: "analytics_day_rollups",
                columns: new[] { "object", "owner_id", "kind", "grain", "day" });

            migrationBuilder.Sql("UPDATE analytics_rollup_states SET built = FALSE");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM analytics_day_rollups WHERE owner_id IS NULL OR grain <> 0");
            migrationBuilder.Sql("UPDATE analytics_rollup_states SET built = FALSE");

            migrationBuilder.DropIndex(
                name: "ix_analytics_day_rollups__object_day",
                table: "analytics_day_rollups");

            migrationBuilder.DropIndex(
                name: "ix_analytics_day_rollups__object_owner_kind_grain_day",
                table: "analytics_day_rollups");

            migrationBuilder.DropColumn(
                name: "grain",
                table: "analytics_day_rollups");

            migrationBuilder.AlterColumn<string>(
                name: "owner_id",
                table: "analytics_day_rollups",
                type: "character varying(450)",
                maxLength: 450,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(450)",
                oldMaxLength: 450,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_analytics_day_rollups__object_owner_kind_day",
                table: "analytics_day_rollups",
                columns: new[] { "object", "owner_id", "kind", "day" });
        }
    }
}
