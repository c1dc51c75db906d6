using System.Collections.Concurrent;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Saving;
using FunnelStudio.Uniqueness;

namespace FunnelStudio.Storage.Tests.Fixtures;

/// <summary>
/// Deal-like objects with every value type, each under a new name so that tests sharing a
/// database never see each other's records; also the store's source of field types.
/// </summary>
public sealed class TestObjects : FunnelStudio.Storage.Records.IObjectDefinitionSource
{
    private static int _next;
    private readonly ConcurrentDictionary<string, ObjectDefinition> _objects = new();

    public static readonly IReadOnlyList<string> Stages = ["lead", "mql", "sql", "won", "lost"];

    public ObjectDefinition? Find(string obj) => _objects.GetValueOrDefault(obj);

    /// <summary>Makes an object a test built itself known to the store (its name must be new).</summary>
    public void Add(ObjectDefinition obj) => _objects[obj.Name] = obj;

    /// <summary>A new unique object name with <paramref name="prefix"/>, e.g. <c>rdeal_9</c>.</summary>
    public static string NewName(string prefix) => $"{prefix}_{Interlocked.Increment(ref _next)}";

    /// <summary>A new deal-like object, e.g. <c>deal_7</c>.</summary>
    public string NewDeal()
    {
        var name = $"deal_{Interlocked.Increment(ref _next)}";
        _objects[name] = new ObjectDefinition(name, LocalizedText.Of("Deal"),
        [
            new FieldDefinition("name", FieldType.Text, LocalizedText.Of("Name")) { Indexed = true },
            new FieldDefinition("amount", FieldType.Currency, LocalizedText.Of("Amount")) { Indexed = true },
            new FieldDefinition("probability", FieldType.Percent, LocalizedText.Of("Probability")),
            new FieldDefinition("close_date", FieldType.Date, LocalizedText.Of("Close date")),
            new FieldDefinition("demo_at", FieldType.DateTime, LocalizedText.Of("Demo")),
            new FieldDefinition("signed", FieldType.Boolean, LocalizedText.Of("Signed")),
            new FieldDefinition("tags", FieldType.MultiPicklist, LocalizedText.Of("Tags"))
            {
                Options = [new PicklistOption("a", LocalizedText.Of("A")), new PicklistOption("b", LocalizedText.Of("B"))],
            },
            new FieldDefinition("notes", FieldType.LongText, LocalizedText.Of("Notes")),
        ]) { TitleField = "name" };
        return name;
    }

    /// <summary>
    /// A new contact-like object, e.g. <c>contact_8</c>: a unique email and phone, and a lookup
    /// <c>parent</c> to <paramref name="target"/> (another object, or itself when null).
    /// </summary>
    public string NewContact(string? target = null, LookupDeleteRule onDelete = LookupDeleteRule.Restrict)
    {
        var name = $"contact_{Interlocked.Increment(ref _next)}";
        _objects[name] = new ObjectDefinition(name, LocalizedText.Of("Contact"),
        [
            new FieldDefinition("name", FieldType.Text, LocalizedText.Of("Name")),
            new FieldDefinition("email", FieldType.Email, LocalizedText.Of("Email")) { Unique = true },
            new FieldDefinition("phone", FieldType.Phone, LocalizedText.Of("Phone")) { Unique = true },
            new FieldDefinition("parent", FieldType.Lookup, LocalizedText.Of("Parent")) { Target = target ?? name, OnDelete = onDelete },
        ]) { TitleField = "name" };
        return name;
    }

    /// <summary>A new record of a contact-like object (not stored yet).</summary>
    public static StoredRecord Contact(string obj, string name, string? email = null, string? phone = null, Guid? parent = null, string owner = "rep1")
    {
        var time = DateTime.UtcNow;
        var values = new Dictionary<string, object?> { ["name"] = name, ["email"] = email, ["phone"] = phone, ["parent"] = parent?.ToString() };
        return new StoredRecord(Guid.NewGuid(), obj, new RecordValues(values))
        {
            OwnerId = owner, Title = name, CreatedAt = time, UpdatedAt = time, CreatedBy = owner, UpdatedBy = owner, ConfigVersion = 1,
        };
    }

    /// <summary>A create as the save pipeline sends it for a record with unique fields and lookups: its keys and its lookups' targets.</summary>
    public PersistRequest CreateWithKeys(StoredRecord record) =>
        new(record, IsNew: true, ExpectedVersion: null, [], null)
        {
            Keys = UniqueKeys.Of(Find(record.Object)!, record.Values),
            References = Targets(record),
        };

    /// <summary>An update as the save pipeline sends it: the keys that changed and the lookups that point somewhere new.</summary>
    public PersistRequest UpdateWithKeys(StoredRecord old, StoredRecord changed) =>
        Update(old, changed, old.Version) with
        {
            Keys = UniqueKeys.Changes(Find(old.Object)!, old.Values, changed.Values),
            References = Targets(changed).Where(t => t.Id.ToString() != old.Values.GetString("parent")).ToList(),
        };

    private IReadOnlyList<FunnelStudio.References.RecordRef> Targets(StoredRecord record) =>
        Guid.TryParse(record.Values.GetString("parent"), out var id) && Find(record.Object)?.Field("parent")?.Target is { } target
            ? [new FunnelStudio.References.RecordRef(target, id)]
            : [];

    /// <summary>A new record of <paramref name="obj"/> (not stored yet).</summary>
    public static StoredRecord Record(string obj, string title, decimal? amount = null, string stage = "lead", string owner = "rep1",
        DateTime? at = null, IDictionary<string, object?>? extra = null)
    {
        var time = at ?? DateTime.UtcNow;
        var values = new Dictionary<string, object?> { ["name"] = title, ["amount"] = amount };
        if (extra is not null) foreach (var (key, value) in extra) values[key] = value;
        return new StoredRecord(Guid.NewGuid(), obj, new RecordValues(values))
        {
            Stage = stage,
            OwnerId = owner,
            Title = title,
            CreatedAt = time,
            UpdatedAt = time,
            CreatedBy = owner,
            UpdatedBy = owner,
            StageEnteredAt = time,
            ConfigVersion = 1,
            Amount = amount,
        };
    }

    /// <summary>A create with one field history row per value and the entry into its stage (as an import may send it).</summary>
    public static PersistRequest Create(StoredRecord record) => new(record, IsNew: true, ExpectedVersion: null,
        record.Values.Where(v => v.Value is not null)
            .Select(v => new FieldHistoryEntry(record.Id, v.Key, null, RecordJson.ValueText(v.Value), record.CreatedAt, record.CreatedBy))
            .ToList(),
        new StageHistoryEntry(record.Id, record.Object, null, record.Stage!, record.CreatedAt, record.CreatedBy) { Amount = record.Values["amount"] as decimal? });

    /// <summary>
    /// A create as the save pipeline sends it: the record and the entry into its stage, no field
    /// history (a new record's values are its history). On PostgreSQL these go through CreateBatches.
    /// </summary>
    public static PersistRequest CreateWithoutFieldHistory(StoredRecord record) => Create(record) with { FieldHistory = [] };

    /// <summary>What the save pipeline persists for an update of <paramref name="old"/> to <paramref name="changed"/>.</summary>
    public static PersistRequest Update(StoredRecord old, StoredRecord changed, long? expectedVersion)
    {
        var history = changed.Values.Keys.Union(old.Values.Keys)
            .Where(k => !Equals(RecordJson.ValueText(old.Values[k]), RecordJson.ValueText(changed.Values[k])))
            .Select(k => new FieldHistoryEntry(old.Id, k, RecordJson.ValueText(old.Values[k]), RecordJson.ValueText(changed.Values[k]),
                changed.UpdatedAt, changed.UpdatedBy))
            .ToList();
        var move = changed.Stage != old.Stage
            ? new StageHistoryEntry(old.Id, old.Object, old.Stage, changed.Stage!, changed.UpdatedAt, changed.UpdatedBy)
            {
                SecondsInPreviousStage = (changed.UpdatedAt - (old.StageEnteredAt ?? old.CreatedAt)).TotalSeconds,
                Amount = changed.Values["amount"] as decimal?,
            }
            : null;
        return new PersistRequest(changed, IsNew: false, expectedVersion, history, move);
    }
}
