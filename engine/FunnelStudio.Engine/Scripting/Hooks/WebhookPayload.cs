using System.Buffers;
using System.Text;
using System.Text.Json;

namespace FunnelStudio.Scripting.Hooks;

/// <summary>
/// What the webhook handler posts — <see cref="Body"/>, the UTF-8 bytes of the body as the script gave it, signed with
/// <see cref="Secret"/> when given — and the outbox payload it is kept in, <c>{"Url": …, "Body": …, "Secret": …}</c>.
/// A body that is one JSON object or array is kept as that value, verbatim: delivering it is a slice of the payload's bytes, with
/// nothing to decode (kept as a JSON string, every quote in it was six characters to unescape: 4.5 µs a message, as much
/// as signing and the HTTP client's work together). Any other body is kept as a JSON string, as every payload was before.
/// </summary>
public sealed record WebhookPayload(string Url, ReadOnlyMemory<byte> Body, string? Secret)
{
    /// <summary>Deep enough for any body <see cref="Write"/> keeps as a value (the reader's default, 64) inside the payload.</summary>
    private static readonly JsonReaderOptions Nested = new() { MaxDepth = 128 };

    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    public static string Write(string url, string body, string? secret)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var buffer = new ArrayBufferWriter<byte>(bytes.Length + url.Length + 64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Url", url);
            json.WritePropertyName("Body");
            if (IsOneObjectOrArray(bytes)) json.WriteRawValue(bytes, skipInputValidation: true);
            else json.WriteStringValue(body);
            json.WriteString("Secret", secret);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a payload of either form. Throws <see cref="JsonException"/> when it is not one.</summary>
    public static WebhookPayload Parse(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var reader = new Utf8JsonReader(bytes, Nested);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("The webhook payload is not a JSON object.");
        string? url = null, secret = null;
        ReadOnlyMemory<byte>? body = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Url"u8))
            {
                reader.Read();
                url = reader.GetString();
            }
            else if (reader.ValueTextEquals("Secret"u8))
            {
                reader.Read();
                secret = reader.GetString();
            }
            else if (reader.ValueTextEquals("Body"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) body = Encoding.UTF8.GetBytes(reader.GetString()!);
                else
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    body = bytes.AsMemory(start, (int)reader.BytesConsumed - start);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new(url ?? throw new JsonException("The webhook payload has no Url."), body ?? throw new JsonException("The webhook payload has no Body."),
            secret);
    }

    /// <summary>
    /// One JSON object or array and nothing around it, not even white space (which a slice would not keep). Not a string,
    /// number or literal: a string value is how a body was kept before, and that is how <see cref="Parse"/> tells them apart.
    /// </summary>
    private static bool IsOneObjectOrArray(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || bytes[0] is not ((byte)'{' or (byte)'[') || IsSpace(bytes[^1])) return false;
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read()) return false;
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
