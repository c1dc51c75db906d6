using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxPartialIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox__status_next_attempt",
                table: "outbox");

            migrationBuilder.CreateIndex(
                name: "ix_outbox__dead",
                table: "outbox",
                column: "id",
                filter: "\"status\" = 'dead'");

            migrationBuilder.CreateIndex(
                name: "ix_outbox__due",
                table: "outbox",
                columns: new[] { "next_attempt_at", "id" },
                filter: "\"status\" = 'pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox__dead",
                table: "outbox");

            migrationBuilder.DropIndex(
                name: "ix_outbox__due",
                table: "outbox");

            migrationBuilder.CreateIndex(
                name: "ix_outbox__status_next_attempt",
                table: "outbox",
                columns: new[] { "status", "next_attempt_at" });
        }
    }
}
