using System.Globalization;
using FunnelStudio.Access;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tracing;
using FunnelStudio.Tracing;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages.Admin.Scripts;

/// <summary>
/// <c>/admin/scripts</c>: the newest saves in which a script threw, hit a limit or could not run —
/// when, who, which record, and the failing step's name, source and error — each with all its steps.
/// </summary>
public sealed class IndexModel(ISaveTraceStore traces, IUserDirectory directory, IPackageRuntime runtime, UserTimeZone zone,
    SaveTraceOptions options) : PageModel
{
    /// <summary>How many failures the page lists.</summary>
    public const int Limit = 100;

    public IReadOnlyList<SaveTrace> Failures { get; private set; } = [];
    public int KeepDays => options.KeepDays;
    private IReadOnlyList<DirectoryUser> _users = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Failures = await traces.ScriptFailuresAsync(Limit, cancellationToken);
        _users = await directory.AllAsync(cancellationToken);
    }

    /// <summary>The first script step that failed (every listed trace has one).</summary>
    public static TraceStep? FailedStep(SaveTrace trace) =>
        trace.Steps.FirstOrDefault(s => s.Kind == TraceKinds.Script && s.Decision == TraceDecisions.Failed);

    public string NameOf(string id) => _users.FirstOrDefault(u => u.Id == id)?.Name ?? id;

    /// <summary>The object's label in the reader's language, or its name when the package no longer has it.</summary>
    public string ObjectLabel(string obj) =>
        runtime.Current.Object(obj)?.Definition.Label.Get(CultureInfo.CurrentUICulture.Name) is { Length: > 0 } label ? label : obj;

    /// <summary>Only objects the running package has are linked (a record of a removed object has no page).</summary>
    public bool IsKnownObject(string obj) => runtime.Current.Object(obj) is not null;

    public string When(DateTime at) => zone.ToLocal(at).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
