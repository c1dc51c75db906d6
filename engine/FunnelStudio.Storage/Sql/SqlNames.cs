using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace FunnelStudio.Storage.Sql;

/// <summary>
/// The only door for names into SQL text. Object and field names are put into SQL (so that
/// expression and partial indexes match the queries), therefore each one must match the package
/// name pattern first; anything else is refused, never quoted or escaped.
/// </summary>
internal static partial class SqlNames
{
    // \z, not $: "$" would also accept a name followed by a newline.
    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public static bool IsValid(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Returns <paramref name="name"/> when it matches the name pattern; throws otherwise.</summary>
    public static string Require(string? name, string what) => IsValid(name)
        ? name!
        : throw new ArgumentException($"Not a valid {what} name: it must match ^[a-z][a-z0-9_]{{0,62}}$.", what);

    /// <summary>
    /// The name of a field's expression index: readable, and unique per (object, field, kind) thanks
    /// to a short hash (object "a_b" + field "c" and object "a" + field "b_c" must not collide), and
    /// within PostgreSQL's 63-character identifier limit.
    /// </summary>
    public static string FieldIndexName(string obj, string field, string kind)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{obj}.{field}.{kind}")))[..8];
        var readable = $"ix_records_{obj}_{field}";
        if (readable.Length > 63 - 9) readable = readable[..(63 - 9)];
        return $"{readable}_{hash}";
    }
}
