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
        services.AddScoped<ISaveStep, ApprovalLockStep>();
        services.AddScoped<ISaveStep, BindValuesStep>();
        services.AddScoped<ISaveStep, DefaultsStep>();
        services.AddScoped<ISaveStep, FieldPermissionStep>();
        services.AddScoped<ISaveStep, ReferencesStep>();
        services.AddScoped<ISaveStep, DeleteRulesStep>();
        services.AddScoped<ISaveStep, ValidateStep>();
        services.AddScoped<ISaveStep, ApprovalEntryStep>();
        services.AddScoped<ISaveStep, StageGateStep>();
        services.AddScoped<ISaveStep, Scripting.Hooks.BeforeSaveScriptsStep>();
        services.AddScoped<ISaveStep, UniqueStep>();
        services.AddScoped<ISaveStep, Notifications.NotificationRulesStep>();
        services.AddScoped<ISaveStep, PersistStep>();
        services.AddScoped<IRecordService, RecordService>();
        services.TryAddSingleton(new Reports.ReportOptions());
        services.AddScoped<Reports.IReportService, Reports.ReportService>();
        // Approvals: storage registers the store (IApprovalStore).
        services.AddScoped<Approvals.ApprovalSteps>();
        services.AddScoped<Approvals.ApprovalViews>();
        services.AddScoped<Approvals.IApprovalService, Approvals.ApprovalService>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<Outbox.IOutboxHandler, Approvals.EscalationHandler>());
        // Analytics: storage registers the store (IAnalyticsStore); the host binds FunnelStudio:Analytics.
        services.AddOptions<Analytics.AnalyticsOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<Analytics.AnalyticsOptions>, Analytics.AnalyticsOptionsValidator>());
        services.AddScoped<Analytics.AnalyticsScopes>();
        services.AddScoped<Analytics.IAnalyticsService, Analytics.AnalyticsService>();
        // Scripts: options come from the host (FunnelStudio:Scripting, validated at start); the defaults otherwise.
        services.TryAddSingleton(new Scripting.ScriptingOptions());
        services.TryAddSingleton<Scripting.ScriptRunner>();
        // Templates: options from the host (FunnelStudio:Templating, validated at start); the defaults otherwise.
        services.TryAddSingleton(new Templates.TemplatingOptions());
        services.TryAddSingleton<Templates.ITemplateRenderer, Templates.TemplateRenderer>();
        services.TryAddSingleton<Tracing.ISaveTraceStore, Tracing.NoSaveTraceStore>();
        // After-commit work the outbox delivers: hooks (scoped: they save through the pipeline) and webhooks.
        services.TryAddSingleton(new Webhooks.WebhookOptions());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<Outbox.IOutboxHandler, Scripting.Hooks.ScriptHookHandler>());
        // One instance: the outbox's webhook handler, and the poster of notification rules' webhooks.
        services.TryAddSingleton<Webhooks.WebhookHandler>();
        services.AddSingleton<Outbox.IOutboxHandler>(sp => sp.GetRequiredService<Webhooks.WebhookHandler>());
        AddNotifications(services);
        Webhooks.WebhookHttp.AddWebhookHttp(services);
        services.AddScoped<Scripting.Actions.IScriptActionService, Scripting.Actions.ScriptActionService>();
        // Config versions. The diff and the zip reader are stand-ins until the real ones are registered
        // (TryAdd: whichever registration comes first wins); a schema planner and migration are used when registered.
        services.TryAddSingleton<Versions.IPackageDiffer, Versions.PackageDiffer>();
        services.TryAddSingleton<Versions.IPackageArchive, Versions.ZipPackageArchive>();
        services.AddScoped<Versions.ImpactAnalyzer>();
        services.AddScoped<Versions.PublishPlanner>();
        services.TryAddSingleton<Versions.ImpactPreviews>();
        services.AddScoped<Versions.IConfigPublisher, Versions.ConfigPublisher>();
        return services;
    }

    /// <summary>
    /// Notifications: the <c>notify</c> handler (in-app inbox, then one delivery per other channel),
    /// the channel deliveries, the rules' webhooks, and email (off until the host sets
    /// <c>FunnelStudio:Email:Host</c>). Options come from the host (validated at start); these defaults otherwise.
    /// Storage registers the <see cref="Notifications.INotificationStore"/>; the templates capability the renderer.
    /// </summary>
    private static void AddNotifications(IServiceCollection services)
    {
        services.TryAddSingleton(new Notifications.NotificationOptions());
        services.TryAddSingleton(new Notifications.Email.EmailOptions());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Notifications.INotificationChannel, Notifications.Email.EmailChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<Outbox.IOutboxHandler, Notifications.NotificationHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<Outbox.IOutboxHandler, Notifications.ChannelDeliveryHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<Outbox.IOutboxHandler, Notifications.NotificationWebhookHandler>());
    }
}
