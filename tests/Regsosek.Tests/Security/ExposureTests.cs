using System.Net;
using Regsosek.Tests.Infrastructure;

namespace Regsosek.Tests.Security;

/// <summary>What an anonymous client of the public port can and cannot see; the metrics port itself is in MetricsTests.</summary>
[Collection(ApiCollection.Name)]
public sealed class ExposureTests(ApiFactory factory)
{
    [Fact]
    public async Task Without_a_metrics_port_metrics_do_not_exist()
    {
        var response = await factory.CreateClient().GetAsync("/metrics");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "/problems/not-found");
    }
}
