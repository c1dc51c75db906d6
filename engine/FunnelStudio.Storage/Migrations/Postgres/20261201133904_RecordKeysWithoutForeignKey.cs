using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RecordKeysWithoutForeignKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_record_keys_records",
                table: "record_keys");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "fk_record_keys_records",
                table: "record_keys",
                column: "record_id",
                principalTable: "records",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
