using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
{
    /// <summary>
    /// Inserts keep <c>record_totals</c> once per statement instead of once per row: one upsert per
    /// (object, stage, owner) of the inserted rows, in key order. A row trigger cost every create a
    /// trigger call and an upsert (about a fifth of PostgreSQL's time per create), and a statement
    /// that inserts many records (batched creates, imports) locked random shards in random order —
    /// concurrent ones deadlocked. Keys are locked in sorted order here and in
    /// <c>records_keep_totals</c> (updates and deletes), so no two writers wait on each other in a
    /// cycle. Not deferred (statement triggers cannot be), so the totals rows stay locked from the
    /// end of the insert to the commit.
    /// </summary>
    public partial class InsertTotalsPerStatement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION records_totals_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO record_totals AS t (object, stage, owner_id, shard, count, amount)
                  SELECT object, COALESCE(stage, ''), COALESCE(owner_id, ''), floor(random() * 8)::smallint,
                         COUNT(*), COALESCE(SUM(amount), 0)
                  FROM inserted WHERE NOT deleted
                  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                  ON CONFLICT (object, stage, owner_id, shard)
                  DO UPDATE SET count = t.count + excluded.count, amount = t.amount + excluded.amount;
                  RETURN NULL;
                END $$;

                DROP TRIGGER records_totals_insert ON records;
                CREATE TRIGGER records_totals_insert AFTER INSERT ON records REFERENCING NEW TABLE AS inserted
                  FOR EACH STATEMENT EXECUTE FUNCTION records_totals_inserted();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER records_totals_insert ON records;
                CREATE CONSTRAINT TRIGGER records_totals_insert AFTER INSERT ON records DEFERRABLE INITIALLY DEFERRED
                  FOR EACH ROW EXECUTE FUNCTION records_keep_totals();
                DROP FUNCTION records_totals_inserted();
                """);
        }
    }
}
