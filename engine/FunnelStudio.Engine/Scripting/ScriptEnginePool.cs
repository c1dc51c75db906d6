using System.Collections.Concurrent;
using Jint;
using Jint.Native;

namespace FunnelStudio.Scripting;

/// <summary>
/// Jint engines of one package version and one set of limits. An engine is not thread-safe, so a
/// run rents one for itself; building one (sandbox options, the modules imported, built-ins frozen)
/// costs far more than a run, so it goes back to the pool afterwards with its globals restored from
/// the snapshot taken when it was built. An engine whose run hit a limit is dropped, not reused.
/// </summary>
internal sealed class ScriptEnginePool(IReadOnlyList<ScriptModule> modules, ScriptLimits limits, int size)
{
    private readonly ConcurrentBag<SandboxEngine> _idle = [];

    public ScriptLimits Limits => limits;

    public SandboxEngine Rent() => _idle.TryTake(out var engine) ? engine : new SandboxEngine(modules, limits);

    public void Return(SandboxEngine engine)
    {
        engine.Restore();
        if (_idle.Count < size) _idle.Add(engine);
    }

    public int Idle => _idle.Count;
}
