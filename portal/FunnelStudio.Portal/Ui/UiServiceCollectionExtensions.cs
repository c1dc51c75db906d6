namespace FunnelStudio.Portal.Ui;

/// <summary>Registers what the portal's pages need beyond the engine: display, time zone and user names.</summary>
public static class UiServiceCollectionExtensions
{
    public static IServiceCollection AddFunnelStudioUi(this IServiceCollection services)
    {
        services.AddOptions<UiOptions>().BindConfiguration(UiOptions.Section)
            .Validate(o => o.LookupSelectLimit is >= 0 and <= 200, "FunnelStudio:Ui:LookupSelectLimit must be 0–200.")
            .ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddMemoryCache();
        services.AddScoped<UserTimeZone>();
        services.AddScoped<ValueDisplay>();
        return services;
    }
}
