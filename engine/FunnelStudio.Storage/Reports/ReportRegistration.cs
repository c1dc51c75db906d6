using FunnelStudio.Reports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Reports;

/// <summary>The report stores and <see cref="ReportOptions"/> (read and checked here, at start).</summary>
internal static class ReportRegistration
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        // Added, not tried: replaces the engine's default options whichever is registered first.
        services.AddSingleton(ReportOptions.Read(key => configuration[key]));
        services.AddSingleton<IReportStore, EfReportStore>();
        services.AddSingleton<ISavedReportStore, EfSavedReportStore>();
    }
}
