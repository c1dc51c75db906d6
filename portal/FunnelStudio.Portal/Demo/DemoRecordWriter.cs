using System.Globalization;
using System.Text.Json;
using FunnelStudio.Rules;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Demo;

/// <summary>
/// Saves demo records through the one save pipeline, back-dated. A refused save is logged and
/// counted, never forced in: the demo data obeys the package's rules like everyone else.
/// </summary>
public sealed class DemoRecordWriter(IRecordService records, CompiledPackage package, ILogger logger, CancellationToken cancellationToken)
{
    public int Saves { get; private set; }
    public int Failures { get; private set; }

    public bool Has(string obj) => package.Object(obj) is not null;

    public Task<StoredRecord?> CreateAsync(string obj, ActingUser user, DateTime at, Dictionary<string, object?> values) =>
        SaveAsync(new SaveCommand(obj, SaveOperation.Create, user) { JsonValues = Json(values) }, at);

    public Task<StoredRecord?> UpdateAsync(StoredRecord record, ActingUser user, DateTime at, Dictionary<string, object?> values) =>
        SaveAsync(new SaveCommand(record.Object, SaveOperation.Update, user) { RecordId = record.Id, JsonValues = Json(values) }, at);

    public Task<StoredRecord?> MoveAsync(StoredRecord record, ActingUser user, DateTime at, string to, Dictionary<string, object?> values) =>
        SaveAsync(new SaveCommand(record.Object, SaveOperation.MoveStage, user)
        {
            RecordId = record.Id, ToStage = to, JsonValues = values.Count == 0 ? null : Json(values),
        }, at);

    private async Task<StoredRecord?> SaveAsync(SaveCommand command, DateTime at)
    {
        var result = await records.SaveAsync(command with { Source = SaveSource.Seed, EffectiveAt = at }, cancellationToken);
        Saves++;
        if (result.Succeeded) return result.Record;
        Failures++;
        logger.LogWarning("Demo {Operation} of {Object} refused ({Status}): {Violations}", command.Operation, command.Object, result.Status,
            string.Join("; ", result.Violations.Select(v => $"{v.Rule}: {v.MessageIn("en")}")));
        return null;
    }

    /// <summary>Values as the JSON the API would send: dates as yyyy-MM-dd, date-times as ISO 8601 UTC.</summary>
    private static JsonElement Json(Dictionary<string, object?> values)
    {
        var plain = values.ToDictionary(v => v.Key, v => v.Value switch
        {
            DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime time => (object?)time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            _ => v.Value,
        });
        return JsonSerializer.SerializeToElement(plain);
    }
}
