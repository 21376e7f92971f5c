namespace Regsosek.Api.Infrastructure;

public static class EdgeProblemsExtensions
{
    /// <summary>
    /// The answers any operation can give before or besides its handler, so clients find them in the OpenAPI document:
    /// 414 for a URL over the limit, 429 from the rate limiter, 503 while the database cannot be reached. All are
    /// problem details.
    /// </summary>
    public static RouteGroupBuilder ProducesEdgeProblems(this RouteGroupBuilder group) => group
        .ProducesProblem(StatusCodes.Status414UriTooLong)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
