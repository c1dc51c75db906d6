using System.Globalization;
using FunnelStudio.Access;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Rules;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Api;

/// <summary>What every API handler needs: the acting user, the compiled object and the request's language.</summary>
public static class ApiRequest
{
    /// <summary>The UI language of this request (en or zh-CN), from the request localization middleware.</summary>
    public static string Locale => CultureInfo.CurrentUICulture.Name is { Length: > 0 } name ? name : "en";

    public static async Task<ActingUser> UserAsync(ICurrentUser current, CancellationToken cancellationToken) =>
        await current.GetAsync(cancellationToken)
        ?? throw new InvalidOperationException("An API endpoint ran without a signed-in user; it must require authorization.");

    public static CompiledObject? Object(IPackageRuntime runtime, string name) => runtime.Current.Object(name);

    /// <summary>What <paramref name="user"/> may do with <paramref name="obj"/>, by the published package's roles.</summary>
    public static ObjectAccess Access(IPackageRuntime runtime, ActingUser user, CompiledObject obj) =>
        runtime.Current.Access.For(user, obj.Definition);
}
