using System.Text;
using System.Text.RegularExpressions;

namespace FunnelStudio.Rules;

/// <summary>Lexical helpers over expression text: string literals are blanked before any scan.</summary>
internal static partial class ExpressionText
{
    [GeneratedRegex(@"\b(record|old)\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex RecordMember();

    [GeneratedRegex(@"\buser\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex UserMember();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\bFn\s*\.\s*Changed\s*\(\s*""([A-Za-z_][A-Za-z0-9_]*)""\s*\)")]
    private static partial Regex ChangedCall();

    /// <summary>The text with the contents of every string and char literal replaced by spaces.</summary>
    public static string BlankLiterals(string expression)
    {
        var result = new StringBuilder(expression.Length);
        char? quote = null;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (quote is null)
            {
                if (c is '"' or '\'') quote = c;
                result.Append(c);
                continue;
            }
            if (c == '\\' && i + 1 < expression.Length)
            {
                result.Append("  ");
                i++;
                continue;
            }
            if (c == quote)
            {
                quote = null;
                result.Append(c);
                continue;
            }
            result.Append(' ');
        }
        return result.ToString();
    }

    /// <summary>Every <c>record.x</c> / <c>old.x</c> member named, with its position.</summary>
    public static IEnumerable<(string Input, string Member)> RecordMembers(string blanked) =>
        RecordMember().Matches(blanked).Select(m => (m.Groups[1].Value, m.Groups[2].Value));

    /// <summary>The fields named by <c>Fn.Changed("x")</c> calls (read from the raw text: the name is a literal).</summary>
    public static IEnumerable<string> ChangedFields(string expression) =>
        ChangedCall().Matches(expression).Select(m => m.Groups[1].Value);

    public static IEnumerable<string> UserMembers(string blanked) =>
        UserMember().Matches(blanked).Select(m => m.Groups[1].Value);

    public static IEnumerable<string> Identifiers(string blanked) =>
        Identifier().Matches(blanked).Select(m => m.Value);
}
