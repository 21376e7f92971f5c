namespace Regsosek.Api.Sources;

/// <summary>Where the region reference data comes from and under which licence.</summary>
public sealed record RegionSourceResponse(string Package, string Version, string Integrity, string Licence, DateTime LoadedAt,
    int Provinces, int Regencies, int Districts, int Villages, string CodeSystem);
