using System.Text.RegularExpressions;

namespace Regsosek.Api.OpenApi;

/// <summary>
/// Endpoint names carry their version (ListRegionsV1) so that they stay unique across versions; a document is one
/// version, so its operation ids leave it out and start lower-case, as generated clients name methods from them.
/// </summary>
public static partial class OperationIds
{
    public static string FromEndpointName(string endpointName)
    {
        var name = VersionSuffix().Replace(endpointName, "");
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    [GeneratedRegex(@"V[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex VersionSuffix();
}
