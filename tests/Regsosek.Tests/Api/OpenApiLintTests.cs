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
}
