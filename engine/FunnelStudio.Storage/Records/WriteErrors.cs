using System.Data.Common;
using System.Text.RegularExpressions;
using FunnelStudio.References;
using FunnelStudio.Storage.References;
using FunnelStudio.Uniqueness;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FunnelStudio.Storage.Records;

/// <summary>
/// The database errors of a save that are outcomes, not faults: a unique key another record holds
/// (the primary key of <c>record_keys</c>) and a lookup target deleted meanwhile (the reference
/// guard). Everything else stays the provider's exception.
/// </summary>
internal static partial class WriteErrors
{
    private const string KeysPrimaryKey = "pk_record_keys";

    public static Exception? Translate(DbException exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: KeysPrimaryKey } =>
            new UniqueValueConflictException("Another record holds this unique value.", exception),
        PostgresException { SqlState: ReferenceGuard.MissingState } e =>
            // The id is in the message: Npgsql hides an error's detail unless the connection string asks for it.
            new ReferenceMissingException(GuidPattern().Match(e.MessageText) is { Success: true } m ? Guid.Parse(m.Value) : null, e.MessageText, exception),
        // SQLITE_CONSTRAINT_PRIMARYKEY (1555) or _UNIQUE (2067) on record_keys; records' own key reads "records.id".
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 } e when e.Message.Contains("record_keys.", StringComparison.Ordinal) =>
            new UniqueValueConflictException("Another record holds this unique value.", exception),
        _ => null,
    };

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GuidPattern();
}
