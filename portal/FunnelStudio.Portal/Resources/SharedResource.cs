namespace FunnelStudio.Portal;

/// <summary>
/// Marker for the portal's UI strings: <c>IStringLocalizer&lt;SharedResource&gt;</c> reads
/// <c>Resources/SharedResource.resx</c> (English) and <c>SharedResource.zh-CN.resx</c>. It lives in
/// the root namespace on purpose: the resx files beside it are embedded under this type's name.
/// </summary>
public sealed class SharedResource;
