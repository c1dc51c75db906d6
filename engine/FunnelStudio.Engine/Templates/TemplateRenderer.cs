using System.Globalization;
using FunnelStudio.Rules;
using Scriban;
using Scriban.Syntax;

namespace FunnelStudio.Templates;

/// <summary>
/// Renders a package's parsed templates in a sandbox: a fresh context per render with the limits of
/// <see cref="TemplatingOptions"/>, no template loader, values HTML-encoded, the invariant culture,
/// and the model as plain Scriban data. Every failure comes back as <see cref="TemplateResult.Error"/>.
/// </summary>
public sealed class TemplateRenderer(TemplatingOptions options) : ITemplateRenderer
{
    private readonly Scriban.Runtime.ScriptObject _builtins = SandboxBuiltins.Create();

    public TemplateResult Render(CompiledPackage package, string name, IReadOnlyDictionary<string, object?> model)
    {
        var template = package.Templates.Get(name);
        if (template is null) return new TemplateResult(null, $"The package has no template '{name}' (templates/{name}.sbn).");
        // No timer: the context cancels it itself once the time limit has passed (see LimitTo).
        using var timeout = new CancellationTokenSource();
        try
        {
            var context = NewContext();
            context.LimitTo(timeout, TimeSpan.FromMilliseconds(options.TimeoutMs));
            context.PushGlobal(TemplateModel.ToScriptObject(model));
            return new TemplateResult(template.Render(context), null);
        }
        catch (ScriptAbortException)
        {
            return new TemplateResult(null, $"templates/{name}.sbn took longer than {options.TimeoutMs:N0} ms to render and was stopped.");
        }
        catch (ScriptRuntimeException e)
        {
            return new TemplateResult(null, e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InsufficientExecutionStackException
                                      or OperationCanceledException or FormatException or OverflowException)
        {
            return new TemplateResult(null, $"templates/{name}.sbn: {e.Message}");
        }
    }

    private SandboxTemplateContext NewContext()
    {
        var context = new SandboxTemplateContext(_builtins)
        {
            // No loader: include fails with Scriban's "No TemplateLoader registered" (and the loader refuses it first).
            TemplateLoader = null,
            LoopLimit = options.LoopLimit,
            LoopLimitQueryable = options.LoopLimit,
            RecursiveLimit = options.RecursiveLimit,
            LimitToString = options.OutputLimit,
            OutputLimit = options.OutputLimit,
            // Throw, not truncate: a document cut off silently would look complete.
            OnOutputLimit = ScriptLimitBehavior.Throw,
            OnStringLimit = ScriptLimitBehavior.Throw,
            RegexTimeOut = TimeSpan.FromMilliseconds(options.RegexTimeoutMs),
            // A field the user may not read is left out of the model: reading it gives nothing, not an error,
            // and neither does a lookup that is empty (record.account.name with no account).
            EnableRelaxedMemberAccess = true,
            EnableRelaxedTargetAccess = true,
            StrictVariables = false,
            // A misspelt function is a mistake to report, not an empty string.
            EnableRelaxedFunctionAccess = false,
        };
        context.PushCulture(CultureInfo.InvariantCulture);
        return context;
    }
}
