using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Sqlite
{
    /// <summary>
    /// Nothing to do on SQLite: the PostgreSQL migration of the same name adds the reference guard's
    /// lock procedure, which SQLite needs no counterpart of — it has one writer at a time, so the
    /// store checks a write's lookup targets in the write's own transaction (see
    /// <c>References/ReferenceGuard.cs</c>). Kept so both migration sets stay in step.
    /// </summary>
    public partial class ReferenceGuard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
