using FunnelStudio.Portal.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Tests.Documents;

/// <summary>FunnelStudio:Templating is checked at start: 0, a negative or an absurd limit stops the portal with the reason.</summary>
public sealed class TemplatingOptionsStartTests
{
    private sealed class BadLimitPortal(string key, string value) : PortalServer(new SqliteDatabase())
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new($"FunnelStudio:Templating:{key}", value)];
    }

    [Theory]
    [InlineData("LoopLimit", "0")]
    [InlineData("RecursiveLimit", "-1")]
    [InlineData("OutputLimit", "2147483647")]
    [InlineData("RegexTimeoutMs", "0")]
    [InlineData("TimeoutMs", "600000")]
    public async Task Start_WithAnUnusableTemplateLimit_StopsNamingTheSetting(string key, string value)
    {
        var server = new BadLimitPortal(key, value);
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(server.InitializeAsync);
            var validation = Find(error);
            Assert.NotNull(validation);
            Assert.Contains($"FunnelStudio:Templating:{key} must be between 1 and", validation.Message);
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
