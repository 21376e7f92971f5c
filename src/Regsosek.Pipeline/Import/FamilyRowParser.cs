using System.Globalization;
using Regsosek.Pipeline.Synthetic;

namespace Regsosek.Pipeline.Import;

/// <summary>
/// Validates a record field by field, left to right, and stops at the first bad field: one error per
/// row, so error counts are bad-row counts. Village codes are matched against the region table's
/// villages by span, which also hands back the shared string and saves an allocation per row.
/// </summary>
internal sealed class FamilyRowParser(HashSet<string> villages)
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _villages = villages.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly string Tiers = string.Join(", ", FamilyDomain.Tiers);
    private static readonly string AgeGroups = string.Join(", ", FamilyDomain.HeadAgeGroups);

    public ImportError? Parse(FamilyCsvFile file, out FamilyRow row)
    {
        row = default;
        if (file.FieldCount != FamilyCsvFile.Columns.Length)
        {
            return new ImportError(file.Line, null, ImportErrorReason.MalformedLine,
                $"expected {FamilyCsvFile.Columns.Length} fields, found {file.FieldCount}");
        }

        var field = file.Field(0);
        if (!long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var familyKey) || familyKey <= 0)
        {
            return Error(file, 0, ImportErrorReason.BadFamilyKey, $"{Display.Value(field)} is not a positive 64-bit integer");
        }

        field = file.Field(1);
        if (!_villages.TryGetValue(field, out var village))
        {
            return Error(file, 1, ImportErrorReason.UnknownVillage, $"{Display.Value(field)} is not a village code in the region table");
        }

        field = file.Field(2);
        var tier = IndexOf(FamilyDomain.Tiers, field);
        if (tier == 0) return Error(file, 2, ImportErrorReason.BadTier, $"{Display.Value(field)} is not one of {Tiers}");

        field = file.Field(3);
        if (!TryParseRange(field, 1, 10, out var decile))
        {
            return Error(file, 3, ImportErrorReason.BadDecile, $"{Display.Value(field)} is not an integer 1..10");
        }

        field = file.Field(4);
        if (!TryParseRange(field, FamilyDomain.MinMembers, FamilyDomain.MaxMembers, out var members))
        {
            return Error(file, 4, ImportErrorReason.BadMembers,
                $"{Display.Value(field)} is not an integer {FamilyDomain.MinMembers}..{FamilyDomain.MaxMembers}");
        }

        field = file.Field(5);
        if (field is not ("M" or "F")) return Error(file, 5, ImportErrorReason.BadHeadSex, $"{Display.Value(field)} is not M or F");
        var headSex = field[0];

        field = file.Field(6);
        var ageGroup = IndexOf(FamilyDomain.HeadAgeGroups, field);
        if (ageGroup == 0) return Error(file, 6, ImportErrorReason.BadHeadAgeGroup, $"{Display.Value(field)} is not one of {AgeGroups}");

        field = file.Field(7);
        if (field is not ("0" or "1")) return Error(file, 7, ImportErrorReason.BadDisability, $"{Display.Value(field)} is not 0 or 1");

        row = new FamilyRow(familyKey, village, tier, decile, members, headSex, ageGroup, field[0] == '1');
        return null;
    }

    private static ImportError Error(FamilyCsvFile file, int ordinal, ImportErrorReason reason, string detail) =>
        new(file.Line, FamilyCsvFile.Columns[ordinal], reason, $"{FamilyCsvFile.Columns[ordinal]} {detail}");

    // 1-based, 0 when absent: the stored smallint codes are the vocabulary positions.
    private static short IndexOf(IReadOnlyList<string> vocabulary, ReadOnlySpan<char> value)
    {
        for (var i = 0; i < vocabulary.Count; i++)
        {
            if (value.SequenceEqual(vocabulary[i])) return (short)(i + 1);
        }
        return 0;
    }

    private static bool TryParseRange(ReadOnlySpan<char> value, int min, int max, out short result)
    {
        // NumberStyles.None: no sign, no spaces, no thousands separators; leading zeros are accepted.
        var ok = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max;
        result = ok ? (short)parsed : (short)0;
        return ok;
    }
}
