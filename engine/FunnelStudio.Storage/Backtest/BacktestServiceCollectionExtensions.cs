using FunnelStudio.Versions.Backtest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunnelStudio.Storage.Backtest;

/// <summary>Registers the backtest of config versions over this database.</summary>
public static class BacktestServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IBacktestSource"/> (the database's history) and <see cref="IBacktestService"/>, as
    /// singletons. Call after <c>AddFunnelStudioStorage</c>, which registers the contexts and the
    /// user directory they use.
    /// </summary>
    public static IServiceCollection AddFunnelStudioBacktest(this IServiceCollection services)
    {
        services.TryAddSingleton<IBacktestSource, EfBacktestSource>();
        services.TryAddSingleton<IBacktestService, BacktestService>();
        return services;
    }
}
