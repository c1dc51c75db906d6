using FunnelStudio.Scripting;
using Jint;
using Jint.Native;

namespace FunnelStudio.Engine.Tests.Scripting;

/// <summary>
/// ctx's values are built from JSON by <see cref="FrozenJson"/> instead of Jint's JSON.parse: the
/// value a script sees must be the one JSON.parse gives, and frozen all the way down.
/// </summary>
public sealed class FrozenJsonTests
{
    public static TheoryData<string> Texts => new()
    {
        """{"name":"Cloud migration","amount":120000,"discount":10.5,"ok":true,"no":false,"none":null}""",
        """{"nested":{"deeper":{"list":[1,"two",{"three":3}],"empty":{}}},"emptyList":[]}""",
        """{"escaped":"quote \" backslash \\ tab \t newline \n","unicode":"销售漏斗 ✓ \u00e9","long":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}""",
        """{"big":1e300,"tiny":-2.5e-300,"huge":1e400,"negative":-0,"exact":123456789012345678}""",
        """{"repeated":1,"other":2,"repeated":3}""",
        """{"__proto__":{"polluted":true},"constructor":"c","10":"ten","2":"two"}""",
        """[{"id":"a"},{"id":"b"}]""",
        "\"just a string\"",
        "42",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void ValueEqualsJsonParse_AndIsFrozenAllTheWayDown(string json)
    {
        var engine = new Jint.Engine(o => o.Strict());
        var frozen = new FrozenJson(engine, engine.Intrinsics.Object.Get("freeze")).Parse(json);

        var stringify = engine.Evaluate("(v => JSON.stringify(v))");
        var parsed = engine.Call(engine.Evaluate("(t => JSON.parse(t))"), json);
        Assert.Equal(engine.Call(stringify, parsed).AsString(), engine.Call(stringify, frozen).AsString());

        var deepFrozen = engine.Evaluate("""
            (function deep(v) {
              if (v === null || typeof v !== 'object') return true;
              return Object.isFrozen(v) && Object.values(v).every(deep);
            })
            """);
        Assert.True(engine.Call(deepFrozen, frozen).AsBoolean());
        Assert.False(engine.Evaluate("Object.prototype.polluted === true").AsBoolean());
    }

    [Fact]
    public void ValuesAreNotKeptFromOneParseToTheNext_AndNamesPastTheCachesBoundStillParse()
    {
        var engine = new Jint.Engine();
        var json = new FrozenJson(engine, engine.Intrinsics.Object.Get("freeze"));
        var first = json.Parse("""{"source":"referral"}""").AsObject();
        var second = json.Parse("""{"source":"referral"}""").AsObject();
        Assert.NotSame(first.Get("source"), second.Get("source"));

        for (var i = 0; i < 10_000; i++) json.Parse($$"""{"k{{i}}":"v{{i}}"}""");
        Assert.Equal("v9999", json.Parse("""{"k9999":"v9999"}""").AsObject().Get("k9999").AsString());
    }
}
