using System.Text;
using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;

namespace FunnelStudio.Scripting;

/// <summary>
/// Turns the JSON the host hands a script (a record, a user, settings, a query's rows) into frozen
/// JavaScript values in one pass: each object is built with its properties already non-writable and
/// non-configurable, then made non-extensible. Parsing with Jint's JSON parser and freezing after
/// built every object twice — a compact "shaped" object first, then, since a frozen property cannot
/// live in a shape, a property dictionary with new descriptors — and that was half of a hook's run.
/// Property names are interned per engine (records of one object repeat them), within a bound so no
/// input can grow the cache without limit. Values are not: most are unique to their record (names,
/// notes), and a cache of them kept each save's strings alive in the long-lived engine, promoting them
/// through the GC's generations.
/// </summary>
internal sealed class FrozenJson(Engine engine, JsValue nativeFreeze)
{
    private const int MaxInterned = 1_024;
    private const int MaxInternedLength = 64;

    private readonly Dictionary<string, JsString> _names = new(StringComparer.Ordinal);
    private byte[] _utf8 = new byte[4_096];

    /// <summary>The frozen value of <paramref name="json"/> (valid JSON written by the host).</summary>
    public JsValue Parse(string json)
    {
        var length = Encoding.UTF8.GetMaxByteCount(json.Length);
        if (_utf8.Length < length) _utf8 = new byte[Math.Max(length, _utf8.Length * 2)];
        var count = Encoding.UTF8.GetBytes(json, _utf8);
        var reader = new Utf8JsonReader(_utf8.AsSpan(0, count), new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read()) throw new JsonException("The value is empty.");
        return Value(ref reader);
    }

    private JsValue Value(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => Object(ref reader),
        JsonTokenType.StartArray => Array(ref reader),
        JsonTokenType.String => JsString.Create(reader.GetString()!),
        JsonTokenType.Number => JsNumber.Create(reader.TryGetDouble(out var number) ? number : double.Parse(Encoding.UTF8.GetString(reader.ValueSpan), System.Globalization.CultureInfo.InvariantCulture)),
        JsonTokenType.True => JsBoolean.True,
        JsonTokenType.False => JsBoolean.False,
        JsonTokenType.Null => JsValue.Null,
        _ => throw new JsonException($"Unexpected {reader.TokenType}."),
    };

    private ObjectInstance Object(ref Utf8JsonReader reader)
    {
        var obj = new JsObject(engine);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader);
            reader.Read();
            // As JSON.parse: a repeated name keeps its first place and takes the last value.
            obj.FastSetProperty(name, new PropertyDescriptor(Value(ref reader), PropertyFlag.OnlyEnumerable));
        }
        obj.PreventExtensions();
        return obj;
    }

    private JsValue Array(ref Utf8JsonReader reader)
    {
        var items = new List<JsValue>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(Value(ref reader));
        var array = new JsArray(engine, items.ToArray());
        // Arrays are rare here (roles, multi-picklists); Object.freeze makes their elements and length read-only.
        engine.Call(nativeFreeze, array);
        return array;
    }

    private JsString Name(ref Utf8JsonReader reader)
    {
        // One contiguous buffer (Parse), so the value is always a span, never a sequence.
        var bytes = reader.ValueSpan;
        if (reader.ValueIsEscaped || bytes.Length > MaxInternedLength) return JsString.Create(reader.GetString()!);
        Span<char> chars = stackalloc char[MaxInternedLength];
        var text = chars[..Encoding.UTF8.GetChars(bytes, chars)];
        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var known)) return known;
        var value = JsString.Create(new string(text));
        if (_names.Count < MaxInterned) _names[value.ToString()] = value;
        return value;
    }
}
