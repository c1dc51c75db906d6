using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    from_user = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    to_user = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    starts = table.Column<DateOnly>(type: "date", nullable: false),
                    ends = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_delegations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "approval_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    flow = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    @object = table.Column<string>(name: "object", type: "character varying(63)", maxLength: 63, nullable: false),
                    record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    current_step = table.Column<int>(type: "integer", nullable: false),
                    steps = table.Column<string>(type: "text", nullable: false),
                    flow_source = table.Column<string>(type: "text", nullable: false),
                    config_version = table.Column<long>(type: "bigint", nullable: false),
                    lock_record = table.Column<bool>(type: "boolean", nullable: false),
                    escalated = table.Column<bool>(type: "boolean", nullable: false),
                    submitted_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    submitted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    decided_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_requests", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    @event = table.Column<string>(name: "event", type: "character varying(63)", maxLength: 63, nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    link = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    record_id = table.Column<Guid>(type: "uuid", nullable: true),
                    outbox_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "approval_tasks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    step = table.Column<int>(type: "integer", nullable: false),
                    approver_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    escalation = table.Column<bool>(type: "boolean", nullable: false),
                    assigned_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    decision = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    decided_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    decided_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
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
