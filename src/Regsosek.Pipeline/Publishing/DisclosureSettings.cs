using System.Text.Json;
using System.Text.Json.Serialization;
using Regsosek.Pipeline.Disclosure;

namespace Regsosek.Pipeline.Publishing;

public sealed record MeasureSettings(int MaxNoise, double Variance, int SmallCountThreshold)
{
    public PerturbationParameters ToParameters() => new(MaxNoise, Variance, SmallCountThreshold);
}

/// <summary>A release's disclosure-control configuration: per measure D, V and js.</summary>
public sealed record DisclosureSettings(MeasureSettings Families, MeasureSettings Persons)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static DisclosureSettings Parse(string json) =>
        JsonSerializer.Deserialize<DisclosureSettings>(json, Json) is { Families: not null, Persons: not null } settings
            ? settings
            : throw new FormatException("disclosure settings need 'families' and 'persons', each with maxNoise, variance and smallCountThreshold");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

}
