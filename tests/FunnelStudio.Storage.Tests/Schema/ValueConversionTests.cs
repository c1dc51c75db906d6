using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Storage.Config.Schema;

namespace FunnelStudio.Storage.Tests.Schema;

/// <summary>Which stored values a type change keeps, and as what; everything else is refused.</summary>
public sealed class ValueConversionTests
{
    private static FieldDefinition Field(FieldType type) => new("f", type, LocalizedText.Of("F"))
    {
        Options = [new PicklistOption("hot", LocalizedText.Of("Hot")), new PicklistOption("cold", LocalizedText.Of("Cold"))],
    };

    [Theory]
    [InlineData(FieldType.Text, FieldType.Number, "\"12.50\"", "12.50")]
    [InlineData(FieldType.Text, FieldType.Percent, "\"-3\"", "-3")]
    [InlineData(FieldType.Number, FieldType.Currency, "7.5", null)]
    [InlineData(FieldType.Currency, FieldType.Text, "7.50", "\"7.50\"")]
    [InlineData(FieldType.Date, FieldType.DateTime, "\"2026-03-01\"", "\"2026-03-01T00:00:00.0000000Z\"")]
    [InlineData(FieldType.DateTime, FieldType.Date, "\"2026-03-01T00:00:00.0000000Z\"", "\"2026-03-01\"")]
    [InlineData(FieldType.Picklist, FieldType.Text, "\"hot\"", null)]
    [InlineData(FieldType.Text, FieldType.Picklist, "\"cold\"", null)]
    [InlineData(FieldType.Boolean, FieldType.Text, "true", "\"true\"")]
    [InlineData(FieldType.Text, FieldType.Boolean, "\"false\"", "false")]
    [InlineData(FieldType.Email, FieldType.Text, "\"a@example.cn\"", null)]
    [InlineData(FieldType.Url, FieldType.Text, "\"https://example.cn\"", null)]
    [InlineData(FieldType.Phone, FieldType.Text, "\"+86 10 1234 5678\"", null)]
    public void ExactConversions_KeepTheValue(FieldType from, FieldType to, string stored, string? rewritten)
    {
        using var value = JsonDocument.Parse(stored);

        var result = ValueConversion.Convert(from, Field(to), value.RootElement);

        Assert.True(result.Converts);
        Assert.Equal(rewritten, result.NewJson);
    }

    [Theory]
    [InlineData(FieldType.Text, FieldType.Number, "\"12,5\"")]
    [InlineData(FieldType.Text, FieldType.Number, "\"twelve\"")]
    [InlineData(FieldType.DateTime, FieldType.Date, "\"2026-03-01T09:30:00.0000000Z\"")]
    [InlineData(FieldType.Text, FieldType.Picklist, "\"warm\"")]
    [InlineData(FieldType.Text, FieldType.Boolean, "\"yes\"")]
    [InlineData(FieldType.Number, FieldType.Date, "3")]
    [InlineData(FieldType.Text, FieldType.Email, "\"a@example.cn\"")]
    [InlineData(FieldType.MultiPicklist, FieldType.Text, "[\"hot\"]")]
    [InlineData(FieldType.Number, FieldType.Percent, "1000000000000")]
    public void LossyOrInexactConversions_AreRefused(FieldType from, FieldType to, string stored)
    {
        using var value = JsonDocument.Parse(stored);

        Assert.False(ValueConversion.Convert(from, Field(to), value.RootElement).Converts);
    }

    [Theory]
    [InlineData(FieldType.Text, "12", "\"12\"")]
    [InlineData(FieldType.Number, "\"12\"", "12")]
    [InlineData(FieldType.DateTime, "\"2026-03-01\"", "\"2026-03-01T00:00:00.0000000Z\"")]
    [InlineData(FieldType.Date, "\"2026-03-01\"", null)]
    public void ArchivedValues_AreReadForWhatTheyAre_WhenTheirFieldComesBack(FieldType to, string stored, string? rewritten)
    {
        using var value = JsonDocument.Parse(stored);

        var result = ValueConversion.Convert(null, Field(to), value.RootElement);

        Assert.True(result.Converts);
        Assert.Equal(rewritten, result.NewJson);
    }
}
