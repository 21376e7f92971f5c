namespace Regsosek.Api.OpenApi;

/// <summary>An example value for a query or route parameter, shown in Swagger UI's "Try it out".</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ExampleAttribute(string value) : Attribute
{
    public string Value { get; } = value;
}
