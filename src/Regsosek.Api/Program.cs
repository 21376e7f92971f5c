using Regsosek.Api;
using Regsosek.Api.Explorer;
using Regsosek.Api.Health;
using Regsosek.Api.Infrastructure;
using Regsosek.Api.Infrastructure.Errors;
using Regsosek.Api.OpenApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddRegsosekObservability();
builder.AddRegsosekDatabase();
builder.AddRegsosekRequestLimits();
builder.Services.AddRegsosekAllowedHosts();
builder.Services.AddRegsosekProblemDetails();
builder.Services.AddRegsosekVersioning();
builder.Services.AddRegsosekOpenApi();
builder.Services.AddRegsosekHealthChecks();
builder.Services.AddRegsosekOutputCache(builder.Configuration);
builder.Services.AddRegsosekCors();
builder.Services.AddRegsosekRateLimiting();
builder.Services.AddRegsosekConcurrencyLimits();
builder.Services.AddRegsosekResponseCompression();

var app = builder.Build();
app.UseRegsosekRequestLogging();
app.UseRegsosekHeadRequests();
app.UseRouting(); // after HEAD is routed as GET, before everything that reads the endpoint (CORS, rate limits, output cache)
app.UseRegsosekSecurityHeaders();
app.UseRegsosekProblemDetails();
app.UseRegsosekAllowedHosts();
app.UseRegsosekReadOnlyMethods();
app.UseRegsosekRequestLimits();
app.UseRegsosekCors();
app.UseRegsosekRateLimiting();
app.UseRegsosekConcurrencyLimits();
app.UseRegsosekResponseCompression();
app.UseOutputCache();
app.UseRegsosekDatabaseRetry(); // after the output cache: only requests that reach the database may need a second read
app.MapRegsosekApi();
app.MapExplorer();
app.MapHealthEndpoints();
app.MapRegsosekMetrics();
app.MapProblemTypes();
app.UseRegsosekSwaggerUi();

return await app.RunUntilStoppedAsync();

public partial class Program;
