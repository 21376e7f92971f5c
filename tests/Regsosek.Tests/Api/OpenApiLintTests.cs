using System.Text.Json;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class OpenApiLintTests(ApiFactory factory)
{
    [Fact]
    public async Task OpenApi_v1_document_passes_the_redocly_recommended_ruleset_with_no_errors()
    {
        var document = Path.Combine(Path.GetTempPath(), $"regsosek-openapi-v1-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        try
        {
            var (exitCode, output) = await OpenApiLinter.LintAsync(document);
            Assert.True(exitCode == 0, $"redocly lint reported errors in /swagger/v1/swagger.json (exit {exitCode}):\n{output}");
        }
        finally
        {
            File.Delete(document);
        }
    }

    [Fact]
    public async Task Every_operation_documents_the_uri_too_long_rate_limit_and_unavailable_problems()
    {
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Name: $"{op.Name.ToUpperInvariant()} {path.Name}", Op: op.Value)))
            .ToList();
        Assert.NotEmpty(operations);
        foreach (var (name, op) in operations)
        {
            foreach (var status in new[] { "414", "429", "503" })
            {
                Assert.True(op.GetProperty("responses").TryGetProperty(status, out var response), $"{name} does not document {status}");
                Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{name}: {status} is not problem details");
            }
        }
    }
}
