namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// One step of the save pipeline. Steps run in the order registered in
/// <see cref="EngineServiceCollectionExtensions.AddFunnelStudioEngine"/>. Checking steps all run, so
/// the user sees every problem at once; once the save is refused, no step that writes runs.
/// </summary>
public interface ISaveStep
{
    /// <summary>True for steps that write (persist, enqueue); they never run for a refused save.</summary>
    bool Writes => false;

    Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken);
}
