using System.Text.Json;
using Regsosek.Tests.Infrastructure;
using Regsosek.Tests.Statistics;

namespace Regsosek.Tests.Api;

/// <summary>
/// Swagger UI's "Try it out" fills in every parameter's example; executed as shown, each operation must succeed,
/// or the first thing a developer sees is an error. (The release behind the examples' "latest" is the fixture's.)
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiExampleTests(ApiFactory factory, StatisticsReleaseFixture release)
{
    [Fact]
    public async Task Every_operation_called_with_its_documented_examples_succeeds()
    {
        Assert.NotEmpty(release.ReleaseName);
        var client = factory.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json")).RootElement;
        var failures = new List<string>();
        var called = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name == "get"))
            {
                var url = path.Name;
                var query = new List<string>();
                var parameters = operation.Value.TryGetProperty("parameters", out var list) ? list.EnumerateArray() : default;
                foreach (var parameter in parameters)
                {
                    if (!parameter.TryGetProperty("example", out var example))
                    {
                        continue;
                    }
                    var name = parameter.GetProperty("name").GetString()!;
                    var value = example.ValueKind == JsonValueKind.String ? example.GetString()! : example.GetRawText();
                    if (parameter.GetProperty("in").GetString() == "path")
                    {
                        url = url.Replace($"{{{name}}}", Uri.EscapeDataString(value));
                    }
                    else
                    {
                        query.Add($"{name}={Uri.EscapeDataString(value)}");
                    }
                }
                url += query.Count > 0 ? "?" + string.Join('&', query) : "";
                // Headers only: the examples of the bulk exports would stream a whole release.
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                called++;
                if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
        Assert.True(called >= 10, $"only {called} GET operations found in the document");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
