namespace Regsosek.Pipeline.Import;

/// <summary>One refused line.</summary>
/// <param name="Line">
/// Physical line of the file where the record starts, header = line 1. Line breaks inside quoted fields
/// are counted, so the number is what an editor shows; a CRLF counts once.
/// </param>
/// <param name="Column">Header name of the offending field, or null when the whole line is at fault (wrong field count).</param>
/// <param name="Message">What is wrong, quoting at most the first 40 characters of the value.</param>
public sealed record ImportError(long Line, string? Column, ImportErrorReason Reason, string Message)
{
    public override string ToString() => $"line {Line}{(Column is null ? "" : $", {Column}")}: {Reason}: {Message}";
}
