using FunnelStudio.Saving;
using FunnelStudio.Storage.Config;
using FunnelStudio.Storage.Providers;
using FunnelStudio.Storage.Records;
using FunnelStudio.Storage.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunnelStudio.Storage;

/// <summary>Registers and prepares FunnelStudio's database.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database chosen by <c>FunnelStudio:Database:Provider</c> (<c>sqlite</c>, the
    /// default, or <c>postgres</c>) with <c>ConnectionStrings:FunnelStudio</c>: a pooled
    /// <see cref="FunnelStudioDbContext"/> (scoped, for Identity) and its factory, and the stores
    /// <see cref="IRecordStore"/>, <see cref="IIdempotencyKeyStore"/>, <see cref="Uniqueness.IRecordKeyStore"/>,
    /// <see cref="FunnelStudio.References.IReferenceStore"/>, <see cref="IConfigVersionStore"/> (and the scoped <see cref="IConfigVersionSwitch"/>),
    /// <see cref="Versions.IRecordScan"/>, <see cref="IFieldIndexer"/>, the schema steps of a publish
    /// (<see cref="FunnelStudio.Versions.ISchemaPlanner"/>, and the scoped <see cref="FunnelStudio.Versions.ISchemaMigration"/> that joins the switch's transaction) and the
    /// user directory <see cref="Access.IUserDirectory"/>, the <see cref="FunnelStudio.Outbox.IOutboxStore"/> and the in-app inbox <see cref="FunnelStudio.Notifications.INotificationStore"/> (singletons), and the save trace store
    /// (<see cref="FunnelStudio.Tracing.ISaveTraceStore"/>, replacing the engine's keep-nothing default) with its
    /// writer and purge as hosted services. Bad settings are refused here, at start.
    /// EF interceptors (<see cref="IInterceptor"/>) registered as services apply to every context.
    /// </summary>
    public static IServiceCollection AddFunnelStudioStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ReadOptions(configuration);
        services.AddSingleton(options);
        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
                EnsureSqliteFolder(options.ConnectionString);
                services.AddSingleton<IConfigVersionSignal, NoConfigVersionSignal>();
                services.AddSingleton<FunnelStudio.Outbox.IOutboxSignal>(sp => new FunnelStudio.Outbox.PollingOutboxSignal(sp.GetService<TimeProvider>() ?? TimeProvider.System));
                services.AddPooledDbContextFactory<SqliteFunnelStudioDbContext>((sp, o) =>
                    o.UseSqlite(options.ConnectionString).AddInterceptors(sp.GetServices<IInterceptor>()));
                services.AddSingleton<IDbContextFactory<FunnelStudioDbContext>, BaseContextFactory<SqliteFunnelStudioDbContext>>();
                break;
            case StorageProvider.Postgres:
                services.AddSingleton<IConfigVersionSignal, PostgresConfigVersionSignal>();
                services.AddSingleton<FunnelStudio.Outbox.IOutboxSignal, Outbox.PostgresOutboxSignal>();
                services.AddPooledDbContextFactory<PostgresFunnelStudioDbContext>((sp, o) =>
                    o.UseNpgsql(WithNpgsqlDefaults(options.ConnectionString)).AddInterceptors(sp.GetServices<IInterceptor>()));
                services.AddSingleton<IDbContextFactory<FunnelStudioDbContext>, BaseContextFactory<PostgresFunnelStudioDbContext>>();
                break;
        }
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<FunnelStudioDbContext>>().CreateDbContext());
        services.TryAddSingleton<IObjectDefinitionSource, PackageRuntimeDefinitions>();
        services.AddSingleton<IRecordStore, EfRecordStore>();
        services.AddSingleton<IIdempotencyKeyStore, EfIdempotencyKeyStore>();
        services.AddSingleton<Uniqueness.IRecordKeyStore, Keys.EfRecordKeyStore>();
        services.AddSingleton<FunnelStudio.References.IReferenceStore, References.EfReferenceStore>();
        services.AddSingleton<EfConfigVersionStore>();
        services.AddSingleton<IConfigVersionStore>(sp => sp.GetRequiredService<EfConfigVersionStore>());
        services.AddScoped<IConfigVersionSwitch, EfConfigVersionSwitch>();
        services.AddSingleton<Versions.IRecordScan, EfRecordScan>();
        // The switch's audit line joins its transaction (same scoped context); the portal registers it too.
        services.TryAddScoped<FunnelStudio.Audit.IAuditLog, Audit.EfAuditLog>();
        services.AddSingleton<IFieldIndexer, FieldIndexer>();
        services.AddSingleton<FunnelStudio.Versions.ISchemaPlanner, Config.Schema.SchemaPlanner>();
        services.AddScoped<FunnelStudio.Versions.ISchemaMigration, Config.Schema.SchemaMigration>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Access.IUserDirectory, Users.EfUserDirectory>();
        AddSaveTraces(services, configuration);
        services.AddSingleton<FunnelStudio.Outbox.IOutboxStore, Outbox.EfOutboxStore>();
        services.AddSingleton<FunnelStudio.Approvals.IApprovalStore, Approvals.EfApprovalStore>();
        services.AddSingleton<FunnelStudio.Notifications.INotificationStore, Notifications.EfNotificationStore>();
        services.AddSingleton<Analytics.EfAnalyticsStore>();
        services.AddSingleton(Analytics.Rollups.DayRollupOptions.Read(configuration));
        services.AddSingleton<Analytics.Rollups.DayRollupMaintainer>();
        services.AddSingleton<FunnelStudio.Analytics.IAnalyticsStore, Analytics.Rollups.RollupAnalyticsStore>();
        services.AddHostedService<Analytics.Rollups.DayRollupJob>();
        services.AddSingleton<FunnelStudio.Analytics.Forecast.IForecastStore, Analytics.Forecast.EfForecastStore>();
        Reports.ReportRegistration.Add(services, configuration);
        return services;
    }

    /// <summary>
    /// Save traces: queued by the save, written in batches by <see cref="Tracing.SaveTraceWriter"/>, purged by
    /// <see cref="Tracing.SaveTracePurge"/>. Added (not tried), so the store replaces the engine's default
    /// whichever of the two is registered first. A process that runs no host (the CLI) queues and drops them.
    /// </summary>
    private static void AddSaveTraces(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(Tracing.SaveTraceOptions.Read(configuration));
        services.AddSingleton<Tracing.EfSaveTraceStore>();
        services.AddSingleton<FunnelStudio.Tracing.ISaveTraceStore>(sp => sp.GetRequiredService<Tracing.EfSaveTraceStore>());
        services.AddHostedService<Tracing.SaveTraceWriter>();
        services.AddHostedService<Tracing.SaveTracePurge>();
    }

    /// <summary>Creates the database when it does not exist and applies the provider's pending migrations.</summary>
    public static async Task MigrateFunnelStudioAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<FunnelStudioStorageOptions>();
        await using var db = await services.GetRequiredService<IDbContextFactory<FunnelStudioDbContext>>().CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (options.Provider == StorageProvider.Sqlite)
        {
            // Readers never block the writer (and the reverse); the setting is kept in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    internal static FunnelStudioStorageOptions ReadOptions(IConfiguration configuration)
    {
        var name = configuration[FunnelStudioStorageOptions.ProviderKey]?.Trim().ToLowerInvariant();
        var provider = name switch
        {
            null or "" or "sqlite" => StorageProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => StorageProvider.Postgres,
            _ => throw new InvalidOperationException(
                $"{FunnelStudioStorageOptions.ProviderKey} is '{name}': use 'sqlite' (the default) or 'postgres'."),
        };
        var connectionString = configuration.GetConnectionString(FunnelStudioStorageOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == StorageProvider.Sqlite
                ? FunnelStudioStorageOptions.DefaultSqliteConnectionString
                : throw new InvalidOperationException(
                    $"ConnectionStrings:{FunnelStudioStorageOptions.ConnectionStringName} is required with the postgres provider " +
                    "(e.g. Host=127.0.0.1;Port=5432;Database=funnelstudio;Username=…;Password=…).");
        }
        return new FunnelStudioStorageOptions(provider, connectionString) { MaxQueuedCreates = ReadMaxQueuedCreates(configuration) };
    }

    private static int ReadMaxQueuedCreates(IConfiguration configuration)
    {
        var text = configuration[FunnelStudioStorageOptions.MaxQueuedCreatesKey];
        if (string.IsNullOrWhiteSpace(text)) return FunnelStudioStorageOptions.DefaultMaxQueuedCreates;
        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value is >= 1 and <= 1_000_000
            ? value
            : throw new InvalidOperationException(
                $"{FunnelStudioStorageOptions.MaxQueuedCreatesKey} is '{text}': use a whole number from 1 to 1000000.");
    }

    /// <summary>
    /// Two Npgsql settings the record paths want, each added unless the connection string names it:
    /// <c>Max Auto Prepare=64</c> — every save and page sends the same few statements, so PostgreSQL
    /// would parse and plan them again and again; Npgsql prepares the most used ones per connection
    /// (about a third less database CPU per save). <c>No Reset On Close=true</c> — FunnelStudio keeps
    /// no session state (no SET, temporary tables, LISTEN or session locks), so the reset statement
    /// Npgsql otherwise sends each time a pooled connection is reused is a round trip for nothing.
    /// </summary>
    internal static string WithNpgsqlDefaults(string connectionString)
    {
        var tuned = connectionString.TrimEnd(';');
        if (!Names(connectionString, @"auto\s*prepare")) tuned += ";Max Auto Prepare=64";
        if (!Names(connectionString, @"no\s*reset\s*on\s*close")) tuned += ";No Reset On Close=true";
        return tuned;

        static bool Names(string text, string pattern) =>
            System.Text.RegularExpressions.Regex.IsMatch(text, pattern, System.Text.RegularExpressions.RegexOptions.IgnoreCase);
    }

    /// <summary>SQLite creates the file but not its folder (<c>data/</c> by default).</summary>
    private static void EnsureSqliteFolder(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(source));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }

    /// <summary>Hands out the provider's context as the <see cref="FunnelStudioDbContext"/> everything else asks for.</summary>
    private sealed class BaseContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<FunnelStudioDbContext>
        where TContext : FunnelStudioDbContext
    {
        public FunnelStudioDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<FunnelStudioDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
