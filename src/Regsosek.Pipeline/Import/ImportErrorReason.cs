namespace Regsosek.Pipeline.Import;

/// <summary>Why a line of an import file was refused.</summary>
public enum ImportErrorReason
{
    /// <summary>The first line is not exactly the expected header; nothing else is read.</summary>
    WrongHeader,

    /// <summary>Wrong number of fields, or bad quoting (which stops reading: the rest cannot be split reliably).</summary>
    MalformedLine,

    BadFamilyKey,
    UnknownVillage,
    BadTier,
    BadDecile,
    BadMembers,
    BadHeadSex,
    BadHeadAgeGroup,
    BadDisability,

    /// <summary>A family key already seen on an earlier line; the earliest occurrence is kept.</summary>
    DuplicateFamilyKey,
}
