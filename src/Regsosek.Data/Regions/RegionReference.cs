namespace Regsosek.Data.Regions;

/// <summary>
/// The region reference data this build loads and describes: the npm package idn-area-data. The loader
/// (Regsosek.Pipeline's IdnAreaPackage) fetches it and the API's OpenAPI description names it, from these constants.
/// </summary>
public static class RegionReference
{
    public const string Name = "idn-area-data";

    /// <summary>IdnAreaPackage.Integrity pins this version's tarball: change the two together.</summary>
    public const string Version = "4.0.1";

    public const string Licence = "Data: Open Database License (ODbL) 1.0; package code: MIT. Source: idn-area-data by fityannugroho, compiled from Kepmendagri regulations.";
}
