using System.Globalization;
using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Records;

/// <summary>
/// Values that would break a page for everyone are refused as field errors: numbers beyond their
/// type's range (a board total would overflow) and text with control characters (PostgreSQL refuses
/// a NUL) — in English and Chinese, with stable codes.
/// </summary>
public class ValueLimitsTests
{
    private static readonly ObjectDefinition Deal = Fixtures.Deal.Definition;

    private static FieldError? BindOne(string field, string json)
    {
        using var doc = JsonDocument.Parse(json);
        return ValueBinder.BindJson(Deal.Field(field)!, doc.RootElement).Error;
    }

    [Theory]
    [InlineData(FieldType.Currency, "79000000000000000000000000000")]
    [InlineData(FieldType.Currency, "1000000000000000.01")]
    [InlineData(FieldType.Number, "-1000000000000001")]
    [InlineData(FieldType.Percent, "1000001")]
    [InlineData(FieldType.Percent, "-1000000.5")]
    public void BindJson_NumberBeyondItsTypeRange_IsFieldRange(FieldType type, string number)
    {
        var field = new FieldDefinition("value", type, LocalizedText.Of("Value"));
        using var doc = JsonDocument.Parse(number);

        var (value, error) = ValueBinder.BindJson(field, doc.RootElement);

        Assert.Null(value);
        Assert.Equal("FIELD_RANGE", error?.Code);
    }

    [Theory]
    [InlineData(FieldType.Currency, "1000000000000000")]
    [InlineData(FieldType.Number, "-1000000000000000")]
    [InlineData(FieldType.Percent, "1000000")]
    public void BindJson_NumberAtItsTypeLimit_IsAccepted(FieldType type, string number)
    {
        var field = new FieldDefinition("value", type, LocalizedText.Of("Value"));
        using var doc = JsonDocument.Parse(number);

        var (value, error) = ValueBinder.BindJson(field, doc.RootElement);

        Assert.Null(error);
        Assert.Equal(decimal.Parse(number, CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void BindJson_FieldWithOnlyAMin_StillHasTheTypesMax_InBothLanguages()
    {
        // amount declares "min": 0 and no max.
        var error = BindOne("amount", "7.9e28");

        Assert.Equal("FIELD_RANGE", error?.Code);
        Assert.Equal("Amount must be at most 1,000,000,000,000,000.", error!.Message.Get("en"));
        Assert.Equal("金额不能大于 1,000,000,000,000,000。", error.Message.Get("zh-CN"));
    }

    [Fact]
    public void BindText_FormInputBeyondTheRange_IsFieldRange() =>
        Assert.Equal("FIELD_RANGE", ValueBinder.BindText(Deal.Field("amount")!, "79,000,000,000,000,000,000,000,000,000", CultureInfo.InvariantCulture).Error?.Code);

    [Theory]
    [InlineData("name", "\"Acme\\u0000 Corp\"")]
    [InlineData("name", "\"Acme\\u001b[31m\"")]
    [InlineData("name", "\"two\\nlines\"")]
    [InlineData("name", "\"tab\\there\"")]
    [InlineData("name", "\"half \\ud800 a character\"")]
    [InlineData("name", "\"\\udc00\"")]
    [InlineData("lost_detail", "\"nul \\u0000 inside\"")]
    [InlineData("lost_detail", "\"bell \\u0007\"")]
    [InlineData("lost_detail", "\"\\ud83d alone\"")]
    [InlineData("source", "\"web\\u0000\"")]
    [InlineData("account", "\"\\u0000\"")]
    public void BindJson_ControlCharacterOrLoneSurrogate_IsFieldControlCharacter(string field, string json)
    {
        var error = BindOne(field, json);

        Assert.Equal("FIELD_CONTROL_CHARACTER", error?.Code);
        Assert.Equal(field, error!.Field);
        Assert.EndsWith("contains a control character or an incomplete one; remove it.", error.Message.Get("en"));
        Assert.EndsWith("包含控制字符或不完整的字符，请删除。", error.Message.Get("zh-CN"));
    }

    [Fact]
    public void BindJson_MultiPicklistItemWithALoneSurrogate_IsFieldControlCharacter() =>
        Assert.Equal("FIELD_CONTROL_CHARACTER", BindOne("tags", "[\"vip\", \"\\ud800\"]")?.Code);

    [Theory]
    [InlineData("first line\nsecond line\r\n\tindented")]
    [InlineData("emoji 🎯 and 中文")]
    public void BindText_LongTextWithLineBreaksAndTabs_IsAccepted(string text)
    {
        var (value, error) = ValueBinder.BindText(Deal.Field("lost_detail")!, text, CultureInfo.InvariantCulture);

        Assert.Null(error);
        Assert.Equal(text, value);
    }

    [Fact]
    public void BindJson_PropertyNameWithALoneSurrogate_IsAnUnknownFieldNotAnException()
    {
        using var doc = JsonDocument.Parse("{ \"na\\ud800me\": \"x\" }");

        var (values, errors) = ValueBinder.BindJson(Deal, doc.RootElement);

        Assert.Empty(values);
        Assert.Equal("FIELD_UNKNOWN", Assert.Single(errors).Code);
    }

    [Fact]
    public void BindStored_OldValuesBeyondTodaysLimits_AreStillRead()
    {
        using var doc = JsonDocument.Parse("""{ "amount": 7.9e28, "name": "legacy\u0001" }""");

        var values = RecordJson.Deserialize(doc.RootElement.GetRawText(), Deal);

        Assert.Equal(79_000_000_000_000_000_000_000_000_000m, values["amount"]);
        Assert.Equal("legacy\u0001", values["name"]);
    }

    [Theory]
    [InlineData("a\u0000b", false, true)]
    [InlineData("a\tb", false, true)]
    [InlineData("a\tb\r\n", true, false)]
    [InlineData("a\u007fb", false, false)]
    [InlineData("\ud83c\udfaf", false, false)]
    public void HasForbiddenCharacter_FindsC0ControlCharacters(string text, bool multiline, bool forbidden) =>
        Assert.Equal(forbidden, ValueLimits.HasForbiddenCharacter(text, multiline));

    [Fact]
    public void HasForbiddenCharacter_FindsLoneSurrogates()
    {
        // Built here, not in [InlineData]: a lone surrogate cannot be serialized as test data.
        Assert.True(ValueLimits.HasForbiddenCharacter("\ud83c", multiline: true));
        Assert.True(ValueLimits.HasForbiddenCharacter("x\udfaf", multiline: true));
        Assert.True(ValueLimits.HasForbiddenCharacter("\udfaf\ud83c", multiline: true));
    }
}
