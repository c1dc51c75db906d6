using System.Data.Common;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.Records;

/// <summary>Reads the columns of <see cref="SqlDialect.RecordColumns"/> into a <see cref="StoredRecord"/>.</summary>
internal static class RecordReader
{
    public static StoredRecord Read(DbDataReader reader, IObjectDefinitionSource definitions)
    {
        var obj = reader.GetString(1);
        return new StoredRecord(reader.GetGuid(0), obj, StoredValues.Read(reader.GetFieldValue<byte[]>(5), definitions.Find(obj)))
        {
            Stage = NullableString(reader, 2),
            OwnerId = NullableString(reader, 3),
            Title = NullableString(reader, 4),
            CreatedAt = Utc(reader.GetDateTime(6)),
            UpdatedAt = Utc(reader.GetDateTime(7)),
            CreatedBy = NullableString(reader, 8),
            UpdatedBy = NullableString(reader, 9),
            StageEnteredAt = reader.IsDBNull(10) ? null : Utc(reader.GetDateTime(10)),
            Deleted = reader.GetBoolean(11),
            ConfigVersion = reader.GetInt64(12),
            Version = reader.GetInt64(13),
            Amount = Decimal(reader, 14),
        };
    }

    /// <summary>A numeric column: numeric on PostgreSQL; an integer, a real or (written by EF) text on SQLite.</summary>
    public static decimal? Decimal(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DBNull => null,
        decimal d => d,
        long l => l,
        double f => (decimal)f,
        string s => decimal.Parse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
        var other => Convert.ToDecimal(other, System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<List<StoredRecord>> ReadAllAsync(DbDataReader reader, IObjectDefinitionSource definitions,
        CancellationToken cancellationToken)
    {
        var records = new List<StoredRecord>();
        while (await reader.ReadAsync(cancellationToken)) records.Add(Read(reader, definitions));
        return records;
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTime Utc(DateTime time) => StoredValues.ToUtc(time);
}
