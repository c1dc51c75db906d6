namespace FunnelStudio.Versions;

/// <summary>
/// The admin's decisions for a publish: where records in a removed stage go (per object:
/// old stage → new stage), and what a removed picklist option becomes (per object and field:
/// old option → new option). The API body is <c>{ "map": { "stages": { "old": "new" },
/// "options": { "field": { "old": "new" } } } }</c>; a stage or field name that two objects share
/// applies to both.
/// </summary>
public sealed record PublishMapping(
    IReadOnlyDictionary<string, string> Stages,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Options)
{
    public static PublishMapping None { get; } = new(new Dictionary<string, string>(), new Dictionary<string, IReadOnlyDictionary<string, string>>());
}
