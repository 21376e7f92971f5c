using System.CommandLine;
using Regsosek.Data.Regions;
using Regsosek.Pipeline.Regions;

namespace Regsosek.Cli.Commands;

internal static class RegionsCommand
{
    public static Command Create()
    {
        var cache = new Option<string>("--cache") { Description = "Folder for the idn-area-data tarball (default .local/cache or REGSOSEK_CACHE_DIR)." };
        var load = new Command("load", $"Load all regions from {RegionReference.Name}@{RegionReference.Version} (idempotent, one transaction).") { cache };
        load.SetAction(async (parse, ct) =>
        {
            var package = await IdnAreaPackage.FetchAsync(parse.GetValue(cache) ?? LocalPaths.CacheDirectory(), Console.Out, ct);
            await using var db = CliEnvironment.AdminDataSource();
            await RegionLoader.LoadAsync(db, package, Console.Out, ct);
            return 0;
        });
        return new Command("regions", "Region reference data.") { load };
    }
}
