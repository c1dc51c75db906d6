using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.Config.Schema;

/// <summary>
/// The JSON pieces of the schema steps in each dialect: <c>jsonb</c> operators on PostgreSQL,
/// <c>json_*</c> functions and <c>-&gt;</c> on SQLite. Every name passed here has passed
/// <see cref="SqlNames.Require"/>; values are parameters.
/// </summary>
internal sealed class SchemaSql(StorageProvider provider)
{
    private bool Postgres => provider == StorageProvider.Postgres;

    /// <summary>The field's stored value as JSON text (NULL when the key is absent).</summary>
    public string ValueJson(string field) => Postgres ? $"(\"values\" -> '{field}')::text" : $"(\"values\" -> '$.{field}')";

    /// <summary>The record holds a non-null value under the key.</summary>
    public string HasValue(string field) => Postgres
        ? $"COALESCE(jsonb_typeof(\"values\" -> '{field}'), 'null') <> 'null'"
        : $"COALESCE(json_type(\"values\", '$.{field}'), 'null') <> 'null'";

    /// <summary>The record has the key (with any value, null included).</summary>
    public string HasKey(string field) => Postgres ? $"(\"values\" -> '{field}') IS NOT NULL" : $"json_type(\"values\", '$.{field}') IS NOT NULL";

    /// <summary>The values with the key set to a JSON parameter.</summary>
    public string SetJson(string field, string parameter) => Postgres
        ? $"jsonb_set(\"values\", '{{{field}}}', {parameter}::jsonb)"
        : $"json_set(\"values\", '$.{field}', json({parameter}))";

    /// <summary>The values with the key set to a text parameter (as a JSON string) when the record has the key.</summary>
    public string SetTextIfPresent(string field, string parameter) => Postgres
        ? $"CASE WHEN {HasKey(field)} THEN jsonb_set(\"values\", '{{{field}}}', to_jsonb({parameter}::text)) ELSE \"values\" END"
        : $"CASE WHEN {HasKey(field)} THEN json_set(\"values\", '$.{field}', {parameter}) ELSE \"values\" END";

    /// <summary>The values with the key <paramref name="from"/> carried over to <paramref name="to"/>.</summary>
    public string Rename(string from, string to) => Postgres
        ? $"(\"values\" - '{from}') || jsonb_build_object('{to}', \"values\" -> '{from}')"
        : $"json_remove(json_set(\"values\", '$.{to}', json(\"values\" -> '$.{from}')), '$.{from}')";

    /// <summary>Seconds from the record's entry into its stage to a time parameter (NULL without an entry time).</summary>
    public string SecondsInStage(string now) => Postgres
        ? $"GREATEST(0, EXTRACT(EPOCH FROM ({now} - stage_entered_at)))::double precision"
        : $"MAX(0, (julianday({now}) - julianday(stage_entered_at)) * 86400.0)";
}
