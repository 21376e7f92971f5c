using System.Text.Json;

namespace Regsosek.Data.Tables;

/// <summary>
/// How many variables a custom table of a release may have, per level (stats.release.table_limits): stricter at
/// district and village, where cells are small. A release whose table_limits is NULL publishes no custom tables.
/// </summary>
public sealed record TableLimits(int National, int Province, int Regency, int District, int Village)
{
    /// <summary>The limits of a release from their published jsonb text; null when it has none.</summary>
    public static TableLimits? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        int Of(string level) => root.TryGetProperty(level, out var value) ? value.GetInt32() : 0;
        return new TableLimits(Of("national"), Of("province"), Of("regency"), Of("district"), Of("village"));
    }

    /// <summary>The limit at a depth: 0 Indonesia, 1 province .. 4 village.</summary>
    public int AtDepth(int depth) => depth switch
    {
        0 => National,
        1 => Province,
        2 => Regency,
        3 => District,
        4 => Village,
        _ => throw new ArgumentOutOfRangeException(nameof(depth)),
    };
}
