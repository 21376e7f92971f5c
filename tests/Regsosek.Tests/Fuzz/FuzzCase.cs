using System.Text;
using System.Text.Json;

namespace Regsosek.Tests.Fuzz;

/// <summary>An operation of the OpenAPI document, with where each of its parameters goes.</summary>
public sealed record Operation(string Path, IReadOnlyList<string> PathParameters, IReadOnlyList<string> QueryParameters)
{
    /// <summary>Every GET operation of the v1 document: the fuzzing covers new operations without being told.</summary>
    public static async Task<IReadOnlyList<Operation>> ReadAllAsync(HttpClient client)
    {
        var document = JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json")).RootElement;
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get)) continue;
            var parameters = get.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
            string[] In(string where) =>
                parameters.Where(x => x.GetProperty("in").GetString() == where).Select(x => x.GetProperty("name").GetString()!).ToArray();
            operations.Add(new Operation(path.Name, In("path"), In("query")));
        }
        Assert.NotEmpty(operations);
        return operations;
    }
}

/// <summary>One generated request: values per path parameter, query pairs (repeats allowed), and headers.</summary>
public sealed record FuzzCase(Operation Operation, IReadOnlyList<string> PathValues, IReadOnlyList<(string Name, string Value)> Query,
    string? Accept, string? IfNoneMatch)
{
    public string Url
    {
        get
        {
            var path = Operation.Path;
            for (var i = 0; i < Operation.PathParameters.Count; i++)
            {
                path = path.Replace("{" + Operation.PathParameters[i] + "}", Uri.EscapeDataString(PathValues[i]));
            }
            var url = new StringBuilder(path);
            for (var i = 0; i < Query.Count; i++)
            {
                url.Append(i == 0 ? '?' : '&').Append(Uri.EscapeDataString(Query[i].Name)).Append('=').Append(Uri.EscapeDataString(Query[i].Value));
            }
            return url.ToString();
        }
    }

    public bool Carries(string marker) =>
        PathValues.Any(v => v.Contains(marker, StringComparison.Ordinal)) || Query.Any(q => q.Value.Contains(marker, StringComparison.Ordinal));

    public override string ToString() =>
        $"GET {(Url.Length > 300 ? Url[..300] + $"… ({Url.Length} chars)" : Url)} Accept: {Accept ?? "-"} If-None-Match: {IfNoneMatch ?? "-"}";
}
