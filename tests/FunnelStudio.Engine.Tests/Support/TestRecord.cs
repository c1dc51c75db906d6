using System.Text.Json;
using FunnelStudio.Records;
using FunnelStudio.Rules;

namespace FunnelStudio.Engine.Tests.Support;

/// <summary>Builds bound record values from anonymous objects, the way the API binds JSON.</summary>
public static class TestRecord
{
    public static RecordValues Bind(CompiledObject obj, object values)
    {
        var json = JsonSerializer.SerializeToElement(values);
        var (bound, errors) = ValueBinder.BindJson(obj.Definition, json, allowComputed: true);
        Assert.True(errors.Count == 0, "Test record does not bind: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message.Get("en")}")));
        return bound;
    }
}
