using System.Text;
using System.Text.Json;
using FunnelStudio.Records;
using FunnelStudio.Saving;

namespace FunnelStudio.Scripting.Hooks;

/// <summary><c>ctx.query</c>'s answer: records as plain objects — their fields (already without hidden ones), id, stage and owner.</summary>
internal static class ScriptQueryJson
{
    public static string Write(IReadOnlyList<StoredRecord> records, Guid? exclude)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var record in records)
            {
                if (record.Id == exclude) continue; // a record never finds itself (dedupe on update)
                writer.WriteStartObject();
                foreach (var (name, value) in record.Values)
                {
                    writer.WritePropertyName(name);
                    if (value is null) writer.WriteNullValue();
                    else RecordJson.Write(writer, value, null);
                }
                writer.WriteString("$id", record.Id);
                writer.WriteString("$title", record.Title);
                if (record.Stage is not null) writer.WriteString("$stage", record.Stage);
                if (record.OwnerId is not null) writer.WriteString("$owner", record.OwnerId);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
