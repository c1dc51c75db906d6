using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Tests.Infrastructure;

/// <summary>Starting a portal with one setting changed, for the tests that options are validated at start.</summary>
public static class OptionsAtStart
{
    private sealed class OneSettingPortal(string key, string value) : PortalServer(new SqliteDatabase())
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new(key, value)];
    }

    /// <summary>Asserts the portal refuses to start with <paramref name="key"/> = <paramref name="value"/>, saying the setting must be in range.</summary>
    public static async Task AssertRefusedAsync(string key, string value)
    {
        var server = new OneSettingPortal(key, value);
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(server.InitializeAsync);
            var validation = Find(error);
            Assert.NotNull(validation);
            Assert.Contains($"{key} must be between 1 and", validation.Message);
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
