namespace Regsosek.Pipeline.Import;

/// <summary>What the registry says of a family read from the file.</summary>
internal enum KeyStatus : short
{
    /// <summary>Known, same size: record key and person keys from the registry.</summary>
    Known = 0,

    /// <summary>Not in the registry: fresh keys, to be registered.</summary>
    New = 1,

    /// <summary>Known, other size: its record key, with fresh person keys that replace the registered ones.</summary>
    Resized = 2,

    /// <summary>Read after the file's family keys stopped ascending: looked up in the database after the copy.</summary>
    Unresolved = 3,
}

/// <summary>
/// The <see cref="KeyStatus"/> values as SQL literals, for the importer's SQL constants: a constant string cannot
/// format a number, so they are written out again here (a test keeps the two equal).
/// </summary>
internal static class KeyStatusSql
{
    public const string Known = "0";
    public const string New = "1";
    public const string Resized = "2";
    public const string Unresolved = "3";
}
