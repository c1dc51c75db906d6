using FunnelStudio.Portal.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Tests.Scripts;

/// <summary>FunnelStudio:Scripting is checked at start: a limit of 0 or an "unlimited" value stops the portal with the reason.</summary>
public sealed class ScriptingOptionsStartTests
{
    private sealed class BadLimitPortal(string key, string value) : PortalServer(new SqliteDatabase())
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new($"FunnelStudio:Scripting:{key}", value)];
    }

    [Theory]
    [InlineData("TimeoutMs", "0")]
    [InlineData("TimeoutMs", "2147483647")]
    [InlineData("MaxStatements", "2147483647")]
    [InlineData("MemoryBytes", "9223372036854775807")]
    [InlineData("MaxRecursion", "-1")]
    public async Task Start_WithAnUnusableScriptLimit_StopsNamingTheSetting(string key, string value)
    {
        var server = new BadLimitPortal(key, value);
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(server.InitializeAsync);
            var validation = Find(error);
            Assert.NotNull(validation);
            Assert.Contains($"FunnelStudio:Scripting:{key} must be between 1 and", validation.Message);
        }
        finally
        {
            try { await server.DisposeAsync(); } catch (Exception) { /* the host never started */ }
        }
    }

    private static OptionsValidationException? Find(Exception? error) => error switch
    {
        null => null,
        OptionsValidationException found => found,
        AggregateException many => many.InnerExceptions.Select(Find).FirstOrDefault(e => e is not null),
        _ => Find(error.InnerException),
    };
}
