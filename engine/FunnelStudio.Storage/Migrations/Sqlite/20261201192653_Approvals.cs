using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Approvals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "approval_delegations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    from_user = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    to_user = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    starts = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ends = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_delegations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "approval_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    flow = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    @object = table.Column<string>(name: "object", type: "TEXT", maxLength: 63, nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    current_step = table.Column<int>(type: "INTEGER", nullable: false),
                    steps = table.Column<string>(type: "TEXT", nullable: false),
                    flow_source = table.Column<string>(type: "TEXT", nullable: false),
                    config_version = table.Column<long>(type: "INTEGER", nullable: false),
                    lock_record = table.Column<bool>(type: "INTEGER", nullable: false),
                    escalated = table.Column<bool>(type: "INTEGER", nullable: false),
                    submitted_by = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    submitted_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    decided_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_requests", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    @event = table.Column<string>(name: "event", type: "TEXT", maxLength: 63, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    link = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    outbox_id = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    read_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "approval_tasks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    request_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    step = table.Column<int>(type: "INTEGER", nullable: false),
                    approver_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    escalation = table.Column<bool>(type: "INTEGER", nullable: false),
                    assigned_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    decision = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    decided_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_tasks", x => x.id);
                    table.ForeignKey(
                        name: "fk_approval_tasks_requests",
                        column: x => x.request_id,
                        principalTable: "approval_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_approval_delegations__from",
                table: "approval_delegations",
                column: "from_user");

            migrationBuilder.CreateIndex(
                name: "ix_approval_delegations__to",
                table: "approval_delegations",
                column: "to_user");

            migrationBuilder.CreateIndex(
                name: "ix_approval_requests__record",
                table: "approval_requests",
                columns: new[] { "object", "record_id" });

            migrationBuilder.CreateIndex(
                name: "ix_approval_requests__status",
                table: "approval_requests",
                columns: new[] { "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_approval_requests__submitter",
                table: "approval_requests",
                columns: new[] { "submitted_by", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_approval_tasks__approver",
                table: "approval_tasks",
                columns: new[] { "approver_id", "decision" });

            migrationBuilder.CreateIndex(
                name: "ix_approval_tasks__request",
                table: "approval_tasks",
                column: "request_id");

            migrationBuilder.CreateIndex(
                name: "ix_notifications__user",
                table: "notifications",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_notifications__outbox_user",
                table: "notifications",
                columns: new[] { "outbox_id", "user_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "approval_delegations");

            migrationBuilder.DropTable(
                name: "approval_tasks");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "approval_requests");
        }
    }
}
