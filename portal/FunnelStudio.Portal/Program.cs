using FunnelStudio.Portal.Hosting;

// The composition root: each capability registers itself with one AddXxx / MapXxx call.
var builder = WebApplication.CreateBuilder(args);
builder.AddFunnelStudio();

var app = builder.Build();
await app.InitializeFunnelStudioAsync();
app.UseFunnelStudio();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
