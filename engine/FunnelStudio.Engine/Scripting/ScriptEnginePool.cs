using System.Collections.Concurrent;

namespace FunnelStudio.Scripting;

/// <summary>
/// Jint engines of one package version and one set of limits. An engine is not thread-safe, so a
/// run rents one for itself; building one (sandbox options, the modules imported, built-ins frozen)
/// costs far more than a run, so it goes back to the pool afterwards with its globals restored from
/// the snapshot taken when it was built. An engine whose run hit a limit is dropped, not reused.
/// The idle count is kept beside the queue: asking a concurrent collection for its count takes
/// every one of its locks, which under load cost more than the runs.
/// </summary>
internal sealed class ScriptEnginePool(IReadOnlyList<ScriptModule> modules, ScriptLimits limits, int size)
{
    private readonly ConcurrentQueue<SandboxEngine> _idle = new();
    private int _idleCount;
    private long _built;

    public ScriptLimits Limits => limits;

    /// <summary>Engines built so far (a pool that keeps building is too small for its load).</summary>
    public long Built => Interlocked.Read(ref _built);

    public int Idle => Volatile.Read(ref _idleCount);

    public SandboxEngine Rent()
    {
        if (_idle.TryDequeue(out var engine))
        {
            Interlocked.Decrement(ref _idleCount);
            return engine;
        }
        Interlocked.Increment(ref _built);
        return new SandboxEngine(modules, limits);
    }

    public void Return(SandboxEngine engine)
    {
        engine.Restore();
        if (Interlocked.Increment(ref _idleCount) <= size) _idle.Enqueue(engine);
        else Interlocked.Decrement(ref _idleCount);
    }
}
