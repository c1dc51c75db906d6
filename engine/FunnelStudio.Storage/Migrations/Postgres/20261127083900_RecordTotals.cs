using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FunnelStudio.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RecordTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "amount",
                table: "records",
                type: "numeric",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "record_totals",
                columns: table => new
                {
                    @object = table.Column<string>(name: "object", type: "character varying(63)", maxLength: 63, nullable: false),
                    stage = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    owner_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    shard = table.Column<short>(type: "smallint", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false),
                    amount = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_record_totals", x => new { x.@object, x.stage, x.owner_id, x.shard });
                });

            // Existing rows: the amount of the usual "amount" field (a publish refreshes it from the
            // package's real amount field), then the totals, before the triggers keep them.
            migrationBuilder.Sql("""
                UPDATE records SET amount = ("values" ->> 'amount')::numeric WHERE jsonb_typeof("values" -> 'amount') = 'number';
                INSERT INTO record_totals (object, stage, owner_id, shard, count, amount)
                SELECT object, COALESCE(stage, ''), COALESCE(owner_id, ''), 0, COUNT(*), COALESCE(SUM(amount), 0)
                FROM records WHERE NOT deleted GROUP BY 1, 2, 3;
                """);

            // Adds n records and amount a to one shard of a key of record_totals.
            migrationBuilder.Sql("""
                CREATE FUNCTION record_totals_add(o varchar, s varchar, w varchar, sh smallint, n bigint, a numeric) RETURNS void
                LANGUAGE sql AS $$
                  INSERT INTO record_totals AS t (object, stage, owner_id, shard, count, amount)
                  VALUES (o, COALESCE(s, ''), COALESCE(w, ''), sh, n, COALESCE(a, 0))
                  ON CONFLICT (object, stage, owner_id, shard)
                  DO UPDATE SET count = t.count + excluded.count, amount = t.amount + excluded.amount
                $$;
                """);

            // Keeps record_totals in the writing transaction, whoever writes records. The triggers are
            // deferred to the commit, so a totals row stays locked only while the transaction commits,
            // not while its other statements run. A random shard spreads concurrent saves of one key
            // over several rows; when a save moves a record from one key to another, the two keys are
            // always locked in the same order (no deadlock between two opposite moves).
            migrationBuilder.Sql("""
                CREATE FUNCTION records_keep_totals() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                  sh smallint := floor(random() * 8)::smallint;
                  old_live boolean := TG_OP <> 'INSERT' AND NOT OLD.deleted;
                  new_live boolean := TG_OP <> 'DELETE' AND NOT NEW.deleted;
                BEGIN
                  IF old_live AND new_live AND OLD.object = NEW.object AND OLD.stage IS NOT DISTINCT FROM NEW.stage
                     AND OLD.owner_id IS NOT DISTINCT FROM NEW.owner_id THEN
                    PERFORM record_totals_add(NEW.object, NEW.stage, NEW.owner_id, sh, 0, COALESCE(NEW.amount, 0) - COALESCE(OLD.amount, 0));
                  ELSIF old_live AND new_live AND (NEW.object, COALESCE(NEW.stage, ''), COALESCE(NEW.owner_id, ''))
                        < (OLD.object, COALESCE(OLD.stage, ''), COALESCE(OLD.owner_id, '')) THEN
                    PERFORM record_totals_add(NEW.object, NEW.stage, NEW.owner_id, sh, 1, NEW.amount);
                    PERFORM record_totals_add(OLD.object, OLD.stage, OLD.owner_id, sh, -1, -OLD.amount);
                  ELSE
                    IF old_live THEN PERFORM record_totals_add(OLD.object, OLD.stage, OLD.owner_id, sh, -1, -OLD.amount); END IF;
                    IF new_live THEN PERFORM record_totals_add(NEW.object, NEW.stage, NEW.owner_id, sh, 1, NEW.amount); END IF;
                  END IF;
                  RETURN NULL;
                END $$;

                CREATE CONSTRAINT TRIGGER records_totals_insert AFTER INSERT ON records DEFERRABLE INITIALLY DEFERRED
                  FOR EACH ROW EXECUTE FUNCTION records_keep_totals();
                CREATE CONSTRAINT TRIGGER records_totals_update AFTER UPDATE ON records DEFERRABLE INITIALLY DEFERRED
                  FOR EACH ROW WHEN ((OLD.object, OLD.stage, OLD.owner_id, OLD.amount, OLD.deleted)
                                     IS DISTINCT FROM (NEW.object, NEW.stage, NEW.owner_id, NEW.amount, NEW.deleted))
                  EXECUTE FUNCTION records_keep_totals();
                CREATE CONSTRAINT TRIGGER records_totals_delete AFTER DELETE ON records DEFERRABLE INITIALLY DEFERRED
                  FOR EACH ROW EXECUTE FUNCTION records_keep_totals();

                CREATE FUNCTION records_truncate_totals() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  DELETE FROM record_totals;
                  RETURN NULL;
                END $$;
                CREATE TRIGGER records_totals_truncate AFTER TRUNCATE ON records
                  FOR EACH STATEMENT EXECUTE FUNCTION records_truncate_totals();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER records_totals_truncate ON records;
                DROP TRIGGER records_totals_delete ON records;
                DROP TRIGGER records_totals_update ON records;
                DROP TRIGGER records_totals_insert ON records;
                DROP FUNCTION records_truncate_totals();
                DROP FUNCTION records_keep_totals();
                DROP FUNCTION record_totals_add(varchar, varchar, varchar, smallint, bigint, numeric);
                """);

            migrationBuilder.DropTable(
                name: "record_totals");

            migrationBuilder.DropColumn(
                name: "amount",
                table: "records");
        }
    }
}
