using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Regsosek.Tests.Infrastructure;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Regsosek.Tests.Api;

/// <summary>
/// The OpenAPI document is built once per version and then served from memory with a strong ETag; building it on
/// every request let a few clients saturate the CPU (docs/RELIABILITY.md has the before and after).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentCacheTests(ApiFactory factory)
{
    private const string Document = "/swagger/v1/swagger.json";

    /// <summary>Counts how often Swashbuckle builds a document: every build runs every document filter once.</summary>
    private sealed class BuildCounter
    {
        public int Builds;

        public sealed class Filter(BuildCounter counter) : IDocumentFilter
        {
            public void Apply(OpenApiDocument document, DocumentFilterContext context) => Interlocked.Increment(ref counter.Builds);
        }
    }

    private WebApplicationFactory<Program> Counted(BuildCounter counter) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Configure<SwaggerGenOptions>(options => options.DocumentFilter<BuildCounter.Filter>(counter))));

    [Fact]
    public async Task The_document_is_built_once_however_many_clients_ask_at_once_and_however_its_path_is_spelled()
    {
        var counter = new BuildCounter();
        using var host = Counted(counter);
        var client = host.CreateClient();

        var bodies = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.GetByteArrayAsync(Document)));
        var spelled = await Task.WhenAll(new[] { "/SWAGGER/v1/swagger.json", "/swagger/v1/SWAGGER.JSON", "/Swagger/v1/Swagger.Json" }
            .Select(path => client.GetByteArrayAsync(path)));

        Assert.Equal(1, counter.Builds);
        Assert.All(bodies.Concat(spelled), body => Assert.Equal(bodies[0], body));
        Assert.True(bodies[0].Length > 10_000);
    }

    [Fact]
    public async Task The_document_has_a_strong_etag_and_cache_control_and_a_client_that_has_it_gets_304()
    {
        var client = factory.CreateClient();

        var first = await client.GetAsync(Document);
        var etag = first.Headers.ETag!;
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, Document) { Headers = { IfNoneMatch = { etag } } };
        var notModified = await client.SendAsync(revalidation);
        var again = await client.GetAsync(Document);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(etag.IsWeak);
        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromMinutes(5), first.Headers.CacheControl?.MaxAge);
        Assert.True(first.Headers.CacheControl?.Public);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await again.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unknown_version_is_the_not_found_problem_and_does_not_stop_the_real_one_being_built()
    {
        var counter = new BuildCounter();
        using var host = Counted(counter);
        var client = host.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            await (await client.GetAsync("/swagger/v9/swagger.json")).AssertProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Document)).StatusCode);
        Assert.Equal(1, counter.Builds);
    }
}
