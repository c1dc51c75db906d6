using FunnelStudio.Portal.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Hosting;

/// <summary>Start-up settings: bad options are refused at start; the package folder is found from any content root.</summary>
public sealed class HostingTests
{
    [Fact]
    public void OptionsValidator_RefusesEveryBadSetting()
    {
        var result = new FunnelStudioOptionsValidator().Validate(null, new FunnelStudioOptions
        {
            Package = " ",
            Demo = new DemoOptions { Records = -1, Password = "short" },
        });
        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
    }

    [Theory]
    [InlineData("owner@example.com", null)]
    [InlineData(null, "First-Admin-2026!")]
    [InlineData("not an email", "First-Admin-2026!")]
    [InlineData("owner@example.com", "short")]
    public void OptionsValidator_RefusesAHalfOrBadlySetFirstAdmin(string? email, string? password)
    {
        var result = new FunnelStudioOptionsValidator().Validate(null, new FunnelStudioOptions
        {
            Admin = new FirstAdminOptions { Email = email, Password = password },
        });
        Assert.True(result.Failed);
        Assert.Contains("FunnelStudio:Admin:", Assert.Single(result.Failures!));
    }

    [Fact]
    public void OptionsValidator_AcceptsAFirstAdmin() =>
        Assert.True(new FunnelStudioOptionsValidator().Validate(null, new FunnelStudioOptions
        {
            Admin = new FirstAdminOptions { Email = "owner@example.com", Password = "First-Admin-2026!" },
        }).Succeeded);

    [Fact]
    public void OptionsValidator_RefusesProxiesThatAreNotAddressesOrNetworks()
    {
        var result = new FunnelStudioOptionsValidator().Validate(null, new FunnelStudioOptions
        {
            ForwardedHeaders = new ForwardedHeadersSettings { KnownProxies = ["10.0.0.5", "proxy.local"], KnownNetworks = ["10.0.0.0/8", "10.0.0.0/99"] },
        });
        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("'proxy.local'"));
        Assert.Contains(result.Failures!, f => f.Contains("'10.0.0.0/99'"));
    }

    [Fact]
    public void ForwardedHeaders_TrustLoopbackAndTheConfiguredProxies()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.Configure<FunnelStudioOptions>(o =>
        {
            o.ForwardedHeaders.KnownProxies.Add("10.0.0.5");
            o.ForwardedHeaders.KnownNetworks.Add("192.168.0.0/16");
        });
        services.AddFunnelStudioSecurity();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>>().Value;

        Assert.Equal(Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
            options.ForwardedHeaders);
        Assert.Contains(System.Net.IPAddress.Parse("10.0.0.5"), options.KnownProxies);
        Assert.Contains(System.Net.IPNetwork.Parse("192.168.0.0/16"), options.KnownIPNetworks);
        Assert.Contains(options.KnownIPNetworks, n => n.Contains(System.Net.IPAddress.Loopback));
    }

    [Fact]
    public void OptionsValidator_AcceptsTheDefaults() =>
        Assert.True(new FunnelStudioOptionsValidator().Validate(null, new FunnelStudioOptions()).Succeeded);

    [Fact]
    public void PackageFolder_IsFoundFromANestedContentRoot()
    {
        var nested = Path.Combine(AppContext.BaseDirectory);
        var folder = PackageFolder.Resolve("sample-configs/b2b-saas", nested);
        Assert.True(File.Exists(Path.Combine(folder, "package.json")));
    }

    [Fact]
    public void PackageFolder_ThatDoesNotExist_IsAClearError()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => PackageFolder.Resolve("sample-configs/no-such-package", AppContext.BaseDirectory));
        Assert.Contains("sample-configs/no-such-package", error.Message);
    }
}
