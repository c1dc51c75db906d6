using FunnelStudio.Access;
using FunnelStudio.Analytics;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Analytics;

/// <summary>
/// The objects analytics offers a user (those with a pipeline whose records the user may read), and
/// the object a query names, refused with the engine's codes when it is not one of them.
/// </summary>
public static class AnalyticsObjects
{
    public static IReadOnlyList<ObjectDefinition> Readable(IPackageRuntime runtime, ActingUser user) =>
        runtime.Current.Definition.Objects
            .Where(o => o.Pipeline is not null && runtime.Current.Access.For(user, o).CanReadAny).ToList();

    /// <summary>The object a query's dashboard opens on when it names none: the package's first the user may analyse.</summary>
    public static string? Default(IPackageRuntime runtime, ActingUser user) => Readable(runtime, user).FirstOrDefault()?.Name;

    public static (CompiledObject? Object, ObjectAccess? Access, AnalyticsProblem? Problem) Resolve(IPackageRuntime runtime, ActingUser user, string name)
    {
        if (runtime.Current.Object(name) is not { } compiled)
            return (null, null, new AnalyticsProblem(AnalyticsErrors.UnknownObject, $"There is no object '{Clip(name)}'."));
        var access = runtime.Current.Access.For(user, compiled.Definition);
        // An object the user may not read is not there for them, as on every other page.
        if (!access.CanReadAny)
            return (null, null, new AnalyticsProblem(AnalyticsErrors.Forbidden, $"You may not read {name} records."));
        if (compiled.Definition.Pipeline is null)
            return (null, null, new AnalyticsProblem(AnalyticsErrors.NoPipeline, $"'{name}' has no pipeline, so it has no funnel."));
        return (compiled, access, null);
    }

    /// <summary>The picklist fields the user may see: the filters and splits offered.</summary>
    public static IReadOnlyList<FieldDefinition> PicklistFields(ObjectAccess access) =>
        access.VisibleFields.Where(f => f.Type == FieldType.Picklist && !f.IsStageField).ToList();

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
