using System.Globalization;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Uniqueness;

namespace FunnelStudio.Engine.Tests.Uniqueness;

/// <summary>What counts as the same value of a unique field.</summary>
public sealed class UniqueKeysTests
{
    private static FieldDefinition Field(FieldType type) => new("f", type, LocalizedText.Of("F")) { Unique = true };

    [Theory]
    [InlineData(FieldType.Email, "  Li.Na@Example.COM ", "li.na@example.com")]
    [InlineData(FieldType.Text, "  Acme  Ltd ", "acme  ltd")]
    [InlineData(FieldType.Text, "ÄRGER", "ärger")]
    [InlineData(FieldType.Url, " HTTPS://Example.com/Path ", "https://example.com/path")]
    [InlineData(FieldType.Phone, "+86 138-0013-8000", "8613800138000")]
    [InlineData(FieldType.Phone, "(0755) 8888 6666", "075588886666")]
    [InlineData(FieldType.Picklist, "Website", "website")]
    [InlineData(FieldType.AutoNumber, "DEAL-0007", "deal-0007")]
    [InlineData(FieldType.User, " user-1 ", "user-1")]
    public void Normalize_TrimsLowerCasesAndKeepsPhoneDigits(FieldType type, string value, string key) =>
        Assert.Equal(key, UniqueKeys.Normalize(Field(type), value));

    [Fact]
    public void Normalize_CaseAndWhitespaceVariantsOfOneEmail_GiveOneKey()
    {
        var field = Field(FieldType.Email);

        var keys = new[] { "zhang.wei@huawei.com", "Zhang.Wei@Huawei.com", " ZHANG.WEI@HUAWEI.COM\t" }.Select(v => UniqueKeys.Normalize(field, v));

        Assert.Single(keys.Distinct());
    }

    [Fact]
    public void Normalize_PhoneFormattings_GiveOneKey()
    {
        var field = Field(FieldType.Phone);

        var keys = new[] { "138 0013 8000", "138-0013-8000", "(138) 0013-8000", "13800138000" }.Select(v => UniqueKeys.Normalize(field, v));

        Assert.Equal(["13800138000"], keys.Distinct());
    }

    [Fact]
    public void Normalize_DoesNotDependOnTheServersCulture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            // Turkish lower-cases "I" to a dotless ı: a culture-aware key would differ per server.
            CultureInfo.CurrentCulture = new CultureInfo("tr-TR");
            Assert.Equal("info@example.com", UniqueKeys.Normalize(Field(FieldType.Email), "INFO@EXAMPLE.COM"));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Normalize_NumbersAndDates_UseTheirCanonicalJson()
    {
        Assert.Equal(UniqueKeys.Normalize(Field(FieldType.Number), 1.5m), UniqueKeys.Normalize(Field(FieldType.Number), 1.500m));
        Assert.Equal("1.5", UniqueKeys.Normalize(Field(FieldType.Currency), 1.50m));
        Assert.Equal("100", UniqueKeys.Normalize(Field(FieldType.Number), 100.0m));
        Assert.Equal("\"2026-03-31\"", UniqueKeys.Normalize(Field(FieldType.Date), new DateTime(2026, 3, 31, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(RecordJson.ValueText(new DateTime(2026, 2, 14, 9, 30, 0, DateTimeKind.Utc)),
            UniqueKeys.Normalize(Field(FieldType.DateTime), new DateTime(2026, 2, 14, 9, 30, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Normalize_LookupsById_WhateverTheSpelling()
    {
        var id = Guid.NewGuid();
        var field = Field(FieldType.Lookup) with { Target = "account" };

        Assert.Equal(id.ToString(), UniqueKeys.Normalize(field, id.ToString("B").ToUpperInvariant()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Normalize_AnEmptyValue_HasNoKey(string? value) => Assert.Null(UniqueKeys.Normalize(Field(FieldType.Text), value));

    [Fact]
    public void Normalize_APhoneWithoutDigits_HasNoKey() => Assert.Null(UniqueKeys.Normalize(Field(FieldType.Phone), "()-"));

    [Fact]
    public void Normalize_AValueLongerThanTheKeyColumn_IsKeptAsItsHash()
    {
        var field = Field(FieldType.Text);
        var longValue = new string('x', 400);

        var key = UniqueKeys.Normalize(field, longValue)!;

        Assert.StartsWith(UniqueKeys.HashPrefix, key);
        Assert.Equal(UniqueKeys.HashPrefix.Length + 64, key.Length);
        Assert.Equal(key, UniqueKeys.Normalize(field, " " + longValue.ToUpperInvariant() + " "));
        Assert.NotEqual(key, UniqueKeys.Normalize(field, longValue + "y"));
        Assert.Equal(300, UniqueKeys.Normalize(field, new string('y', 300))!.Length);
    }

    [Fact]
    public void Changes_OnUpdate_ListOnlyTheFieldsWhoseKeyChanged()
    {
        var obj = new ObjectDefinition("contact", LocalizedText.Of("Contact"),
        [
            new FieldDefinition("email", FieldType.Email, LocalizedText.Of("Email")) { Unique = true },
            new FieldDefinition("phone", FieldType.Phone, LocalizedText.Of("Phone")) { Unique = true },
            new FieldDefinition("code", FieldType.Text, LocalizedText.Of("Code")) { Unique = true },
            new FieldDefinition("note", FieldType.Text, LocalizedText.Of("Note")),
        ]);
        var before = new RecordValues(new Dictionary<string, object?> { ["email"] = "a@b.cn", ["phone"] = "138 0013 8000", ["code"] = "X", ["note"] = "n" });
        var after = before.With(new Dictionary<string, object?> { ["email"] = "A@B.CN", ["phone"] = "139 0000 0000", ["code"] = null, ["note"] = "m" });

        var changes = UniqueKeys.Changes(obj, before, after);

        Assert.Equal([new UniqueKey("phone", "13900000000"), new UniqueKey("code", null)], changes);
        Assert.Equal(3, UniqueKeys.Changes(obj, null, before).Count);
        Assert.Equal(2, UniqueKeys.Of(obj, after).Count);
    }
}
