namespace Regsosek.Pipeline.Import;

public enum ImportPhase
{
    /// <summary>Parsing, validating and copying rows; reported about every <see cref="ImportOptions.ProgressInterval"/>.</summary>
    Reading,

    /// <summary>Building the primary key, which is where duplicate family keys are found.</summary>
    CheckingKeys,

    /// <summary>Registering the record keys of new and resized families, so later releases can keep them.</summary>
    RegisteringKeys,

    /// <summary>Attaching the release's partition, which validates its foreign keys.</summary>
    Attaching,
}

/// <param name="RowsRead">Data records read so far (header excluded), good or bad.</param>
public readonly record struct ImportProgress(ImportPhase Phase, long RowsRead, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? RowsRead / Elapsed.TotalSeconds : 0;
}
