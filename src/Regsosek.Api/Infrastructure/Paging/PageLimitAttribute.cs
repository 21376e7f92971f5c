using System.ComponentModel;

namespace Regsosek.Api.Infrastructure.Paging;

/// <summary>
/// Marks the limit parameter of a collection paged by <paramref name="size"/>: its description and example in the
/// OpenAPI document come from the same policy the parser enforces, so the two cannot drift apart.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PageLimitAttribute(PageSize size) : DescriptionAttribute
{
    public PageSize Size { get; } = size;

    public override string Description => Size.Describe();
}
