using FunnelStudio.Saving.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunnelStudio.Saving;

/// <summary>Registers the engine: the package runtime, the record service and the save pipeline.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// The save pipeline, in order. The host registers an <see cref="Access.IUserDirectory"/> (user
    /// fields must name active users); storage registers the record, key and reference stores. This list IS the pipeline: every save (form, API, board, import,
    /// script) runs these steps and nothing else. Later capabilities (scripts' beforeSave, approval
    /// requests) insert their steps here.
    /// </summary>
    public static IServiceCollection AddFunnelStudioEngine(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPackageRuntime, PackageRuntime>();
        services.AddScoped<ISaveStep, LoadExistingStep>();
        services.AddScoped<ISaveStep, BindValuesStep>();
        services.AddScoped<ISaveStep, DefaultsStep>();
        services.AddScoped<ISaveStep, FieldPermissionStep>();
        services.AddScoped<ISaveStep, ReferencesStep>();
        services.AddScoped<ISaveStep, DeleteRulesStep>();
        services.AddScoped<ISaveStep, ValidateStep>();
        services.AddScoped<ISaveStep, StageGateStep>();
        services.AddScoped<ISaveStep, UniqueStep>();
        services.AddScoped<ISaveStep, PersistStep>();
        services.AddScoped<IRecordService, RecordService>();
        // Keeps nothing until storage registers its store (whichever registration comes first wins).
        services.TryAddSingleton<Tracing.ISaveTraceStore, Tracing.NoSaveTraceStore>();
        // Config versions. The diff and the zip reader are stand-ins until the real ones are registered
        // (TryAdd: whichever registration comes first wins); a schema planner and migration are used when registered.
        services.TryAddSingleton<Versions.IPackageDiffer, Versions.PackageDiffer>();
        services.TryAddSingleton<Versions.IPackageArchive, Versions.ZipPackageArchive>();
        services.AddScoped<Versions.ImpactAnalyzer>();
        services.AddScoped<Versions.PublishPlanner>();
        services.AddScoped<Versions.IConfigPublisher, Versions.ConfigPublisher>();
        return services;
    }
}
