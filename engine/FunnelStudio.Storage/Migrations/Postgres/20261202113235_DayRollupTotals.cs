using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
{
    /// <summary>
    /// Rows without an owner sum every owner's rows of a day (the figures over all records read them). Rollups built
    /// before have none, so every object is marked not built and the job builds it again.
    /// </summary>
    public partial class DayRollupTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "owner_id",
                table: "analytics_day_rollups",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(450)",
                oldMaxLength: 450);

            migrationBuilder.CreateIndex(
                name: "ix_analytics_day_rollups__object_day",
                table: "analytics_day_rollups",
                columns: new[] { "object", "day" });

            migrationBuilder.Sql("UPDATE analytics_rollup_states SET built = FALSE");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_analytics_day_rollups__object_day",
                table: "analytics_day_rollups");

            migrationBuilder.Sql("DELETE FROM analytics_day_rollups WHERE owner_id IS NULL");
            migrationBuilder.Sql("UPDATE analytics_rollup_states SET built = FALSE");

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
        }
    }
}
