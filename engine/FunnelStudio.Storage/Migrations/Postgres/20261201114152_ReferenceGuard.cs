using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
{
    /// <summary>
    /// <c>fs_lock_references(objects, ids)</c>: the first statement of every write whose lookups point
    /// to records (see <c>References/ReferenceGuard.cs</c>). It takes a key-share lock on each target
    /// in id order and raises SQLSTATE FSREF (the id in the message) when one is missing, of another
    /// object or deleted. A delete locks its records FOR UPDATE, which conflicts with key-share: a
    /// write that got its lock first is waited for (and the delete sees its reference), a write that
    /// comes later waits and then finds the record deleted. Ordinary updates of the target take a
    /// weaker lock and never wait here. A procedure, not a function: CALL returns no result set, so
    /// the write's own RETURNING stays the command's first result.
    /// </summary>
    public partial class ReferenceGuard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE PROCEDURE fs_lock_references(objects text[], ids uuid[]) LANGUAGE plpgsql AS $$
                DECLARE
                  missing uuid;
                BEGIN
                  PERFORM 1 FROM records r WHERE r.id = ANY(ids) ORDER BY r.id FOR KEY SHARE;
                  SELECT t.id INTO missing FROM unnest(objects, ids) AS t(object, id)
                  WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.id = t.id AND r.object = t.object AND NOT r.deleted)
                  LIMIT 1;
                  IF missing IS NOT NULL THEN
                    RAISE EXCEPTION 'fs_lock_references: the record % is missing or deleted', missing USING ERRCODE = 'FSREF';
                  END IF;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP PROCEDURE fs_lock_references(text[], uuid[]);");
        }
    }
}
