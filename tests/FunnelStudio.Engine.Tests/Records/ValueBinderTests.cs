using System.Globalization;
using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Records;

/// <summary>Raw input becomes typed values by field type; bad input becomes field errors, never exceptions.</summary>
public class ValueBinderTests
{
    private static readonly ObjectDefinition Deal = Fixtures.Deal.Definition;

    private static (RecordValues Values, IReadOnlyList<FieldError> Errors) Bind(string json, bool allowComputed = false)
    {
        using var doc = JsonDocument.Parse(json);
        return ValueBinder.BindJson(Deal, doc.RootElement, allowComputed);
    }

    [Fact]
    public void BindJson_EveryType_GivesTheClrTypeRulesSee()
    {
        var (values, errors) = Bind("""
            { "name": "Acme", "amount": 1200.5, "discount": "15%", "icp_fit": true, "close_date": "2026-04-01",
              "first_contact_at": "2026-03-01T08:30:00+08:00", "source": "web", "tags": ["vip", "vip", "partner"] }
            """);

        Assert.Empty(errors);
        Assert.Equal("Acme", values["name"]);
        Assert.Equal(1200.5m, values["amount"]);
        Assert.Equal(15m, values["discount"]);
        Assert.Equal(true, values["icp_fit"]);
        Assert.Equal(new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc), values["close_date"]);
        Assert.Equal(new DateTime(2026, 3, 1, 0, 30, 0, DateTimeKind.Utc), values["first_contact_at"]);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)values["first_contact_at"]!).Kind);
        Assert.Equal("web", values["source"]);
        Assert.Equal(["vip", "partner"], (string[])values["tags"]!);
    }

    [Fact]
    public void BindJson_BadValues_GiveOneErrorPerFieldWithStableCodes()
    {
        var (values, errors) = Bind("""
            { "amount": "lots", "discount": 120, "icp_fit": "yes", "close_date": "next week", "source": "radio",
              "tags": "vip", "nope": 1, "weighted_amount": 5, "name": 7 }
            """);

        Assert.Empty(values);
        Assert.Equal(
            [
                ("amount", "FIELD_TYPE"), ("discount", "FIELD_RANGE"), ("icp_fit", "FIELD_TYPE"), ("close_date", "FIELD_TYPE"),
                ("source", "FIELD_OPTION"), ("tags", "FIELD_TYPE"), ("nope", "FIELD_UNKNOWN"), ("weighted_amount", "FIELD_READ_ONLY"),
                ("name", "FIELD_TYPE"),
            ],
            errors.Select(e => (e.Field, e.Code)));
        Assert.Equal("Discount must be at most 100.", errors[1].Message.Get("en"));
        Assert.Equal("折扣不能大于 100。", errors[1].Message.Get("zh-CN"));
        Assert.Equal("Lead source has no option 'radio'.", errors[4].Message.Get("en"));
    }

    [Fact]
    public void BindJson_ComputedFieldAllowedForTests_IsBound()
    {
        var (values, errors) = Bind("""{ "weighted_amount": 5 }""", allowComputed: true);

        Assert.Empty(errors);
        Assert.Equal(5m, values["weighted_amount"]);
    }

    [Fact]
    public void BindJson_NullAndNotAnObject_AreHandled()
    {
        var (values, errors) = Bind("""{ "amount": null }""");
        Assert.Empty(errors);
        Assert.Null(values["amount"]);

        var (_, notObject) = Bind("[1, 2]");
        Assert.Equal("FIELD_TYPE", Assert.Single(notObject).Code);
    }

    [Fact]
    public void BindJson_TextLongerThanMaxLength_IsFieldMaxLength()
    {
        var (_, errors) = Bind($$"""{ "name": "{{new string('x', 201)}}" }""");

        var error = Assert.Single(errors);
        Assert.Equal(("name", "FIELD_MAX_LENGTH"), (error.Field, error.Code));
        Assert.Equal("Deal name may have at most 200 characters.", error.Message.Get("en"));
    }

    [Theory]
    [InlineData("1,234.50", 1234.50)]
    [InlineData("¥ 99", 99)]
    [InlineData(" 7 ", 7)]
    public void BindText_Numbers_AcceptFormsInput(string text, double expected)
    {
        var (value, error) = ValueBinder.BindText(Deal.Field("amount")!, text, CultureInfo.InvariantCulture);

        Assert.Null(error);
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("on", true)]
    [InlineData("0", false)]
    [InlineData("FALSE", false)]
    public void BindText_Booleans_AcceptCheckboxWords(string text, bool expected)
    {
        Assert.Equal(expected, ValueBinder.BindText(Deal.Field("icp_fit")!, text, CultureInfo.InvariantCulture).Value);
    }

    [Fact]
    public void BindText_BlankText_IsEmptyNotAnError()
    {
        var (value, error) = ValueBinder.BindText(Deal.Field("amount")!, "   ", CultureInfo.InvariantCulture);

        Assert.Null(value);
        Assert.Null(error);
    }

    [Fact]
    public void BindText_MultiPicklist_SplitsOnCommas()
    {
        var (value, error) = ValueBinder.BindText(Deal.Field("tags")!, "vip, renewal", CultureInfo.InvariantCulture);

        Assert.Null(error);
        Assert.Equal(["vip", "renewal"], (string[])value!);
    }

    [Theory]
    [InlineData(FieldType.Email, "li.na@example.com", true)]
    [InlineData(FieldType.Email, "li.na@", false)]
    [InlineData(FieldType.Email, "Li Na <li.na@example.com>", false)]
    [InlineData(FieldType.Url, "https://example.com/x", true)]
    [InlineData(FieldType.Url, "ftp://example.com", false)]
    [InlineData(FieldType.Url, "javascript:alert(1)", false)]
    [InlineData(FieldType.Phone, "+86 (21) 5555-0100", true)]
    [InlineData(FieldType.Phone, "call me", false)]
    [InlineData(FieldType.Phone, "123", false)]
    public void BindText_FormattedText_IsChecked(FieldType type, string text, bool ok)
    {
        var field = new FieldDefinition("contact", type, LocalizedText.Of("Contact"));

        var (value, error) = ValueBinder.BindText(field, text, CultureInfo.InvariantCulture);

        Assert.Equal(ok, error is null);
        Assert.Equal(ok ? text : null, value);
        if (!ok) Assert.Equal("FIELD_FORMAT", error!.Code);
    }

    [Fact]
    public void BindText_Precision_RoundsAwayFromZero()
    {
        var field = new FieldDefinition("price", FieldType.Currency, LocalizedText.Of("Price")) { Precision = 2 };

        Assert.Equal(2.35m, ValueBinder.BindText(field, "2.345", CultureInfo.InvariantCulture).Value);
        Assert.Equal(-2.35m, ValueBinder.BindText(field, "-2.345", CultureInfo.InvariantCulture).Value);
    }
}
