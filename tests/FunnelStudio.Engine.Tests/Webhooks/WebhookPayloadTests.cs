using System.Text;
using System.Text.Json;
using FunnelStudio.Scripting.Hooks;
using Xunit;

namespace FunnelStudio.Engine.Tests.Webhooks;

/// <summary>The outbox payload of a webhook: the body comes back byte for byte as the script gave it, in either form it is kept.</summary>
public sealed class WebhookPayloadTests
{
    private const string Url = "https://erp.example.com/hooks/deal?tenant=上海";

    [Theory]
    [InlineData("""{"msgtype":"text","text":{"content":"商机 Acme → 赢单 \u0022quoted\u0022"},"amount":1.50e3,"tags":[true,null,"a\\b"]}""")]
    [InlineData("""[1,2,3]""")]
    public void Write_OfOneJsonObjectOrArray_KeepsItVerbatimAsTheValue_AndParseGivesItsBytesBack(string body)
    {
        var payload = WebhookPayload.Write(Url, body, "secret");

        var parsed = WebhookPayload.Parse(payload);

        Assert.Contains("\"Body\":" + body, payload); // a value, not an escaped string
        Assert.Equal(Encoding.UTF8.GetBytes(body), parsed.Body.ToArray());
        Assert.Equal((Url, "secret"), (parsed.Url, parsed.Secret));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData(" {\"a\":1}")] // white space a slice would lose
    [InlineData("{\"a\":1}\n")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("\"a JSON string\"")] // as a value it would read as the string form of an older payload
    public void Write_OfABodyThatIsNotOneJsonObjectOrArray_KeepsItAsAString_AndParseGivesItBackExactly(string body)
    {
        var parsed = WebhookPayload.Parse(WebhookPayload.Write(Url, body, null));

        Assert.Equal(body, parsed.BodyText);
        Assert.Null(parsed.Secret);
    }

    [Fact]
    public void Parse_OfAPayloadWrittenBeforeBodiesWereKeptAsValues_GivesTheBody()
    {
        const string body = """{"event":"stage_changed","name":"商机 1"}""";
        var old = JsonSerializer.Serialize(new { Url, Body = body, Secret = "s" }); // how every payload was written until now

        var parsed = WebhookPayload.Parse(old);

        Assert.Equal((Url, body, "s"), (parsed.Url, parsed.BodyText, parsed.Secret));
    }

    [Fact]
    public void Write_OfABodyNestedAsDeepAsAReaderTakes_RoundTrips()
    {
        var body = new string('[', 64) + new string(']', 64);

        var parsed = WebhookPayload.Parse(WebhookPayload.Write(Url, body, null));

        Assert.Equal(body, parsed.BodyText);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"Url":"https://x.example"}""")]
    [InlineData("""{"Body":{}}""")]
    [InlineData("nonsense")]
    public void Parse_OfWhatIsNotAWebhookPayload_ThrowsJsonException(string payload)
    {
        Assert.ThrowsAny<JsonException>(() => WebhookPayload.Parse(payload));
    }
}
