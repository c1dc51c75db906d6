namespace FunnelStudio.Portal.Ui;

/// <summary>Registers what the portal's pages need beyond the engine: display, time zone and user names.</summary>
public static class UiServiceCollectionExtensions
{
    public static IServiceCollection AddFunnelStudioUi(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddMemoryCache();
        services.AddScoped<UserTimeZone>();
        services.AddScoped<IUserDirectory, UserDirectory>();
        services.AddScoped<ValueDisplay>();
        return services;
    }
}
