using System.Text.Json;
using System.Text.Json.Serialization;
using Regsosek.Data.Tables;
using Regsosek.Pipeline.Disclosure;

namespace Regsosek.Pipeline.Publishing;

public sealed record MeasureSettings(int MaxNoise, double Variance, int SmallCountThreshold)
{
    /// <param name="stopsShortOfMinusD">The noise never reaches −D (PerturbationParameters.StopsShortOfMinusD).</param>
    public PerturbationParameters ToParameters(bool stopsShortOfMinusD) =>
        new(MaxNoise, Variance, SmallCountThreshold) { StopsShortOfMinusD = stopsShortOfMinusD };
}

/// <summary>
/// How many variables a custom table may combine, per geographic level (docs/disclosure-control.md, rule 8). Lower
/// levels get fewer: a village crossed by many characteristics is mostly cells of one family. Published with the release
/// (stats.release.table_limits) exactly as serialised here.
/// </summary>
public sealed record TableLimits(int National, int Province, int Regency, int District, int Village)
{
    /// <summary>The limits in level order: national, province, regency, district, village (not part of the stored JSON).</summary>
    [JsonIgnore]
    public IReadOnlyList<int> ByLevel => [National, Province, Regency, District, Village];
}

/// <summary>The custom-table part of a release's disclosure settings.</summary>
public sealed record CustomTableSettings(TableLimits MaxVariables);

/// <summary>
/// A release's disclosure-control configuration: per measure D, V and js, and the limits of its custom tables. Without
/// <see cref="CustomTables"/> (releases first published before them) the release has the fixed tables only.
/// <see cref="NoiseStopsShortOfMinusD"/> is not configured: every first publish sets it (<see cref="ForFirstPublish"/>),
/// and settings stored before it existed lack it, so their releases are rebuilt with noise down to −D (<see cref="ParseStored"/>).
/// </summary>
public sealed record DisclosureSettings(MeasureSettings Families, MeasureSettings Persons, CustomTableSettings? CustomTables = null,
    bool? NoiseStopsShortOfMinusD = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static DisclosureSettings Parse(string json)
    {
        var settings = JsonSerializer.Deserialize<DisclosureSettings>(json, Json) is { Families: not null, Persons: not null } parsed
            ? parsed
            : throw new FormatException("disclosure settings need 'families' and 'persons', each with maxNoise, variance and smallCountThreshold");
        if (settings.CustomTables is { } tables &&
            (tables.MaxVariables is null || tables.MaxVariables.ByLevel.Any(limit => limit < 0 || limit > TableVariables.All.Count)))
        {
            throw new FormatException($"customTables.maxVariables needs national, province, regency, district and village, each 0 to {TableVariables.All.Count}");
        }
        return settings;
    }

    /// <summary>The settings a release is first published with: the configured ones, with the noise stopping short of −D whatever the configuration says.</summary>
    public DisclosureSettings ForFirstPublish() => this with { NoiseStopsShortOfMinusD = FirstPublishStopsShortOfMinusD };

    /// <summary>Settings stored with a release at its first publish; without the flag they predate it, when noise reached −D.</summary>
    public static DisclosureSettings ParseStored(string json)
    {
        var stored = Parse(json);
        return stored with { NoiseStopsShortOfMinusD = stored.NoiseStopsShortOfMinusD ?? false };
    }

    /// <summary>Families' perturbation parameters; settings as configured (the flag unstated) are what a first publish uses.</summary>
    public PerturbationParameters FamiliesParameters() => Families.ToParameters(StopsShortOfMinusD);

    /// <summary>Persons' perturbation parameters, like <see cref="FamiliesParameters"/>.</summary>
    public PerturbationParameters PersonsParameters() => Persons.ToParameters(StopsShortOfMinusD);

    private bool StopsShortOfMinusD => NoiseStopsShortOfMinusD ?? FirstPublishStopsShortOfMinusD;

    /// <summary>What every first publish uses since 2026-12-02 (docs/disclosure-control.md, "Why the noise stops one short of -D").</summary>
    private const bool FirstPublishStopsShortOfMinusD = true;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>stats.release.table_limits: the per-level limits, or null when the release has no custom tables.</summary>
    public string? TableLimitsJson() => CustomTables is { } tables ? JsonSerializer.Serialize(tables.MaxVariables, Json) : null;
}
