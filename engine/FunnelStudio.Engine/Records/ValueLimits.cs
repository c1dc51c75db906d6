using FunnelStudio.Metadata;

namespace FunnelStudio.Records;

/// <summary>
/// What any stored value must fit, whatever the package says: a range per numeric type and text
/// without control characters. One value out of range or one NUL would otherwise break a page for
/// everyone — a board total that overflows <see cref="decimal"/>, a NUL that PostgreSQL refuses
/// inside the batch of creates it joined.
/// </summary>
public static class ValueLimits
{
    /// <summary>
    /// The largest magnitude of a number or currency value (10^15). Sums of 79 trillion such values
    /// still fit a <see cref="decimal"/> (7.9 × 10^28), so no count or total can overflow.
    /// </summary>
    public const decimal NumberLimit = 1_000_000_000_000_000m;

    /// <summary>The largest magnitude of a percent value (10^6 %).</summary>
    public const decimal PercentLimit = 1_000_000m;

    /// <summary>The most characters a text formula may give; a longer result is a formula error.</summary>
    public const int FormulaTextLength = 10_000;

    /// <summary>The magnitude values of a numeric type may have.</summary>
    public static decimal Limit(FieldType type) => type == FieldType.Percent ? PercentLimit : NumberLimit;

    /// <summary>The smallest value <paramref name="field"/> takes: its own <c>min</c>, else the type's limit.</summary>
    public static decimal Min(FieldDefinition field) => field.Min ?? -Limit(field.ValueType);

    /// <summary>The largest value <paramref name="field"/> takes: its own <c>max</c>, else the type's limit.</summary>
    public static decimal Max(FieldDefinition field) => field.Max ?? Limit(field.ValueType);

    /// <summary>
    /// True when <paramref name="text"/> holds a character no stored text may hold: a C0 control
    /// character (tab, line feed and carriage return only where <paramref name="multiline"/>) or a
    /// lone surrogate (half a character, which no encoding can store).
    /// </summary>
    public static bool HasForbiddenCharacter(string text, bool multiline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ')
            {
                if (!(multiline && c is '\t' or '\n' or '\r')) return true;
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return true;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return true;
        }
        return false;
    }
}
