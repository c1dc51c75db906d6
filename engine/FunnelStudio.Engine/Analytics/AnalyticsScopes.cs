using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;

namespace FunnelStudio.Analytics;

/// <summary>
/// Turns a request and a user into the <see cref="AnalyticsScope"/> the store reads: the package's
/// object and stages, the owners the user's read permission reaches intersected with the owner or
/// team filter, and picklist filters and a split only on fields the user may see.
/// </summary>
public sealed class AnalyticsScopes(IPackageRuntime runtime, IUserDirectory users, Microsoft.Extensions.Options.IOptions<AnalyticsOptions> options)
{
    /// <summary>The longest period any figure covers.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(3653);

    public const string OwnerSplit = "owner";

    public async Task<(AnalyticsScope Scope, ObjectAccess Access)> ForAsync(ActingUser user, AnalyticsRequest request, CancellationToken cancellationToken)
    {
        var package = runtime.Current;
        var compiled = package.Object(request.Object)
            ?? throw new AnalyticsException(AnalyticsErrors.UnknownObject, $"There is no object '{request.Object}'.");
        var obj = compiled.Definition;
        var pipeline = obj.Pipeline
            ?? throw new AnalyticsException(AnalyticsErrors.NoPipeline, $"'{obj.Name}' has no pipeline, so it has no funnel.");
        var access = package.Access.For(user, obj);
        if (!access.CanReadAny)
            throw new AnalyticsException(AnalyticsErrors.Forbidden, $"You may not read the records of '{obj.Name}'.");
        CheckPeriod(request.From, request.To);
        foreach (var filter in request.Fields) Picklist(obj, access, filter.Field, "filter on");
        if (request.SplitBy is { } split && split != OwnerSplit) Picklist(obj, access, split, "split by");
        var stalledDefault = options.Value.StalledAfterDays;
        var stages = pipeline.Stages
            .Select(s => new ScopeStage(s.Name, s.Index, s.Probability, s.Terminal, s.StalledAfterDays ?? stalledDefault))
            .ToList();
        var scope = new AnalyticsScope(obj.Name, stages)
        {
            Owners = await OwnersAsync(access, request, cancellationToken),
            Fields = request.Fields,
            SplitBy = request.SplitBy,
            Timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds),
        };
        return (scope, access);
    }

    /// <summary>Refuses an empty, reversed or over-long period.</summary>
    public static void CheckPeriod(DateTime from, DateTime to)
    {
        if (to <= from)
            throw new AnalyticsException(AnalyticsErrors.BadPeriod, $"The period must end after it starts ({from:O} – {to:O}).");
        if (to - from > MaxPeriod)
            throw new AnalyticsException(AnalyticsErrors.BadPeriod, "A period may cover at most 10 years.");
    }

    private static void Picklist(ObjectDefinition obj, ObjectAccess access, string name, string what)
    {
        // A hidden field answers like a missing one would not: the user is told it is forbidden, as
        // the reports do, but nothing about its values.
        var field = obj.Field(name);
        if (field is null || field.Type != FieldType.Picklist)
            throw new AnalyticsException(AnalyticsErrors.UnknownField, $"'{obj.Name}' has no picklist field '{name}' to {what}.");
        if (access.IsHidden(name))
            throw new AnalyticsException(AnalyticsErrors.FieldForbidden, $"You may not see '{name}', so you cannot {what} it.");
    }

    private async Task<IReadOnlyList<string>?> OwnersAsync(ObjectAccess access, AnalyticsRequest request, CancellationToken cancellationToken)
    {
        IReadOnlyList<string>? wanted = null;
        if (request.Owner is { } owner) wanted = [owner];
        else if (request.Team is { } manager)
            wanted = [manager, .. Teams.ReportsOf(manager, await users.AllAsync(cancellationToken))];
        var readable = access.ReadableOwners;
        if (wanted is null) return readable;
        return readable is null ? wanted : wanted.Where(readable.Contains).ToList();
    }
}
