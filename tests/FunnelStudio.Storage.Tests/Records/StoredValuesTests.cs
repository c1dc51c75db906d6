using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Storage.Records;
using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Records;

/// <summary>The JSON kept in the values column (no database involved): the engine's canonical format, read back leniently.</summary>
public sealed class StoredValuesTests
{
    private static readonly ObjectDefinition Deal = new TestObjects() is var objects && objects.NewDeal() is var name
        ? objects.Find(name)! : throw new InvalidOperationException();

    [Fact]
    public void Write_UsesPlainJsonTypesAndLeavesEmptyValuesOut()
    {
        var values = new RecordValues(new Dictionary<string, object?>
        {
            ["name"] = "Acme",
            ["amount"] = 1234.50m,
            ["signed"] = false,
            ["close_date"] = new DateTime(2026, 3, 31, 0, 0, 0, DateTimeKind.Utc),
            ["tags"] = new[] { "a" },
            ["notes"] = null,
        });

        var json = StoredValues.Write(values, Deal);

        Assert.Equal("""{"amount":1234.50,"close_date":"2026-03-31","name":"Acme","signed":false,"tags":["a"]}""", json);
    }

    [Fact]
    public void Read_UsesTheFieldTypes()
    {
        var json = """{"amount":"12.5","close_date":"2026-03-31T00:00:00.0000000Z","demo_at":"2026-02-14T09:30:00+08:00","name":"2026-01-01","x":{"a":1},"n":null}""";

        var values = StoredValues.Read(json, Deal);

        Assert.Equal(12.5m, values["amount"]);
        Assert.Equal(new DateTime(2026, 3, 31, 0, 0, 0, DateTimeKind.Utc), values["close_date"]);
        Assert.Equal(new DateTime(2026, 2, 14, 1, 30, 0, DateTimeKind.Utc), values["demo_at"]);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)values["demo_at"]!).Kind);
        Assert.Equal("2026-01-01", values["name"]);
        Assert.Equal("""{"a":1}""", values["x"]);
        Assert.False(values.ContainsKey("n"));
    }

    [Fact]
    public void Read_KeepsFieldsAndValuesTheConfigNoLongerKnows()
    {
        var values = StoredValues.Read("""{"tags":["a","gone"],"retired_field":"kept","amount":"n/a"}""", Deal);

        Assert.Equal(new[] { "a", "gone" }, values["tags"]);
        Assert.Equal("kept", values["retired_field"]);
        Assert.Equal("n/a", values["amount"]);
    }

    [Fact]
    public void Read_OfAnUnknownObject_KeepsValuesAsStored()
    {
        var values = StoredValues.Read("""{"close_date":"2026-03-31T00:00:00.0000000Z","amount":3,"ok":true,"tags":["a","b"]}""", null);

        Assert.Equal("2026-03-31T00:00:00.0000000Z", values["close_date"]);
        Assert.Equal(3m, values["amount"]);
        Assert.Equal(true, values["ok"]);
        Assert.Equal(new[] { "a", "b" }, values["tags"]);
    }

    [Fact]
    public void WrittenValues_AreAcceptedByTheEnginesBinder()
    {
        var time = new DateTime(2026, 2, 14, 9, 30, 15, 123, DateTimeKind.Utc);
        var values = new RecordValues(new Dictionary<string, object?>
        {
            ["amount"] = 99.99m, ["close_date"] = time.Date, ["demo_at"] = time, ["signed"] = true, ["tags"] = new[] { "a", "b" },
        });

        using var document = JsonDocument.Parse(StoredValues.Write(values, Deal));
        var (bound, errors) = ValueBinder.BindJson(Deal, document.RootElement, allowComputed: true);

        Assert.Empty(errors);
        Assert.Equal(99.99m, bound["amount"]);
        Assert.Equal(time.Date, bound["close_date"]);
        Assert.Equal(time, bound["demo_at"]);
        Assert.Equal(true, bound["signed"]);
        Assert.Equal(new[] { "a", "b" }, bound["tags"]);
    }
}
