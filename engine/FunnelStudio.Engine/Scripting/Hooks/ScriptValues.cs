using System.Buffers;
using System.Text;
using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Saving;

namespace FunnelStudio.Scripting.Hooks;

/// <summary>The JSON a script's <c>ctx</c> is built from: a record's values with its system columns, and the acting user.</summary>
public static class ScriptValues
{
    /// <summary>The record as the script sees it: its fields (those the user may not see left out), then <c>id</c> and the stage.</summary>
    // One buffer and writer per thread, reset for each record: a save runs this on every beforeSave
    // hook, and a fresh MemoryStream grown to size cost more than the JSON itself.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    public static string Record(ObjectDefinition obj, RecordValues values, Guid? id, string? stage, Func<string, bool>? hidden = null)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(2048);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        {
            writer.WriteStartObject();
            foreach (var field in obj.Fields)
            {
                if (hidden?.Invoke(field.Name) == true) continue;
                var value = values[field.Name];
                writer.WritePropertyName(field.Name);
                if (value is null) writer.WriteNullValue();
                else RecordJson.Write(writer, value, field);
            }
            if (id is { } recordId && obj.Field("id") is null) writer.WriteString("id", recordId);
            if (obj.Pipeline is { } pipeline && stage is not null && obj.Field(pipeline.Field) is null) writer.WriteString(pipeline.Field, stage);
            writer.WriteEndObject();
            writer.Flush();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string User(ActingUser user)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", user.Id);
            writer.WriteString("name", user.Name);
            writer.WriteStartArray("roles");
            foreach (var role in user.Roles) writer.WriteStringValue(role);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
