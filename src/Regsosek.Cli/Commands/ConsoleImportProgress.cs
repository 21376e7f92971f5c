using System.Globalization;
using Regsosek.Pipeline.Import;

namespace Regsosek.Cli.Commands;

/// <summary>
/// Import progress on stderr: one line rewritten in place on a terminal; a line every few seconds when
/// redirected, so logs stay readable and carry no carriage returns.
/// </summary>
internal sealed class ConsoleImportProgress(TextWriter error, bool interactive) : IProgress<ImportProgress>
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);
    private TimeSpan _lastLogged;
    private int _width;

    public void Report(ImportProgress value)
    {
        var text = Describe(value);
        if (interactive)
        {
            error.Write("\r" + text.PadRight(_width));
            _width = text.Length;
        }
        // Later phases are logged when they start, but only for imports long enough to have logged at all.
        else if (value.Elapsed - _lastLogged >= LogInterval || (value.Phase != ImportPhase.Reading && value.Elapsed >= LogInterval))
        {
            error.WriteLine(text);
            _lastLogged = value.Elapsed;
        }
    }

    /// <summary>Ends the in-place line so whatever follows starts on its own.</summary>
    public void Finish()
    {
        if (interactive && _width > 0) error.WriteLine();
        _width = 0;
    }

    private static string Describe(ImportProgress p) => p.Phase switch
    {
        ImportPhase.Reading => string.Create(CultureInfo.InvariantCulture,
            $"import: {p.RowsRead:N0} rows read in {p.Elapsed.TotalSeconds:F0} s ({p.RowsPerSecond:N0} rows/s)"),
        ImportPhase.CheckingKeys => string.Create(CultureInfo.InvariantCulture,
            $"import: {p.RowsRead:N0} rows read in {p.Elapsed.TotalSeconds:F1} s; checking family keys"),
        ImportPhase.RegisteringKeys => string.Create(CultureInfo.InvariantCulture,
            $"import: {p.RowsRead:N0} rows read; registering record keys ({p.Elapsed.TotalSeconds:F1} s)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"import: {p.RowsRead:N0} rows read; attaching the release ({p.Elapsed.TotalSeconds:F1} s)"),
    };
}
