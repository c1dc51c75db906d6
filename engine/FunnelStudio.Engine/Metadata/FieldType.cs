namespace FunnelStudio.Metadata;

/// <summary>The field types a package can declare.</summary>
public enum FieldType
{
    Text,
    LongText,
    Number,
    Currency,
    Percent,
    Date,
    DateTime,
    Boolean,
    Picklist,
    MultiPicklist,
    Email,
    Phone,
    Url,
    Lookup,
    User,
    Formula,
    AutoNumber,
}

/// <summary>Names as written in packages, and the CLR type a value of each type has in rules.</summary>
public static class FieldTypes
{
    private static readonly Dictionary<string, FieldType> ByName = new(StringComparer.Ordinal)
    {
        ["text"] = FieldType.Text,
        ["longtext"] = FieldType.LongText,
        ["number"] = FieldType.Number,
        ["currency"] = FieldType.Currency,
        ["percent"] = FieldType.Percent,
        ["date"] = FieldType.Date,
        ["datetime"] = FieldType.DateTime,
        ["boolean"] = FieldType.Boolean,
        ["picklist"] = FieldType.Picklist,
        ["multipicklist"] = FieldType.MultiPicklist,
        ["email"] = FieldType.Email,
        ["phone"] = FieldType.Phone,
        ["url"] = FieldType.Url,
        ["lookup"] = FieldType.Lookup,
        ["user"] = FieldType.User,
        ["formula"] = FieldType.Formula,
        ["autonumber"] = FieldType.AutoNumber,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string name, out FieldType type) => ByName.TryGetValue(name, out type);

    public static string NameOf(FieldType type) => ByName.First(p => p.Value == type).Key;

    /// <summary>
    /// The CLR type rules see. Booleans are never null (an unset checkbox is false) so that
    /// <c>record.demo_done</c> is a rule on its own; numbers and dates are nullable.
    /// </summary>
    public static Type ClrType(FieldType type) => type switch
    {
        FieldType.Number or FieldType.Currency or FieldType.Percent => typeof(decimal?),
        FieldType.Date or FieldType.DateTime => typeof(DateTime?),
        FieldType.Boolean => typeof(bool),
        FieldType.MultiPicklist => typeof(string[]),
        _ => typeof(string),
    };

    public static bool IsNumeric(FieldType type) =>
        type is FieldType.Number or FieldType.Currency or FieldType.Percent;
}
