using System.Data.Common;
using System.Text.Json;
using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.Config.Schema;

/// <summary>One record's stored value of one field.</summary>
internal sealed record StoredFieldValue(Guid Id, bool Deleted, JsonElement Value);

/// <summary>Reads what the records of an object hold under one key, deleted records included (their data is kept too).</summary>
internal static class StoredFieldValues
{
    public static async Task<List<StoredFieldValue>> ReadAsync(StoreSession session, DbTransaction? transaction, SchemaSql schema,
        string obj, string field, CancellationToken cancellationToken)
    {
        SqlNames.Require(obj, "object");
        SqlNames.Require(field, "field");
        var sql = session.Command(transaction);
        sql.Append($"SELECT id, deleted, {schema.ValueJson(field)} FROM records WHERE object = {sql.Param(obj)} AND {schema.HasValue(field)} ORDER BY id");
        var values = new List<StoredFieldValue>();
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var document = JsonDocument.Parse(reader.GetString(2));
            values.Add(new StoredFieldValue(reader.GetGuid(0), reader.GetBoolean(1), document.RootElement.Clone()));
        }
        return values;
    }

    /// <summary>The value as compact JSON text, as field history holds values.</summary>
    public static string Compact(JsonElement value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) value.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
