namespace Regsosek.Tests.Disclosure;

/// <summary>The small-cell release of <see cref="PublishedReleaseFixture"/>, with every cell of every custom table it allows.</summary>
public sealed class CustomTablesFixture : IAsyncLifetime
{
    public PublishedReleaseFixture Release { get; } = new();
    public TableCells Tables { get; private set; } = null!;
    public static readonly int[] Limits = [.. PublishedReleaseFixture.Settings.CustomTables!.MaxVariables.ByLevel];

    public async Task InitializeAsync()
    {
        await Release.InitializeAsync();
        Tables = await TableCells.LoadAsync(Release.Admin, Release.ReleaseId, "18", Limits);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
