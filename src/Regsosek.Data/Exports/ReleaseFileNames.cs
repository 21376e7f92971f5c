namespace Regsosek.Data.Exports;

/// <summary>The files every published release has, by name, and the name a download is saved under.</summary>
public static class ReleaseFileNames
{
    public const string Prefix = "regsosek-";

    public const string GzipSuffix = ".gz";

    public static string Csv(CsvTable table) => table.Name + ".csv";

    public static string CsvGzip(CsvTable table) => Csv(table) + GzipSuffix;

    public static string Xlsx(CsvTable table) => table.Name + ".xlsx";

    /// <summary>Office Open XML workbook (ECMA-376), the media type Excel and every spreadsheet registers for .xlsx.</summary>
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>CSVW's own convention for metadata found next to a CSV (W3C, Model for Tabular Data, 5.1.2).</summary>
    public static string CsvMetadata(CsvTable table) => Csv(table) + "-metadata.json";

    /// <summary>
    /// regsosek-&lt;release&gt;-&lt;file&gt;: a saved download says which release it holds. A release named regsosek-… (the demo,
    /// regsosek-2022-lampung-demo) is not prefixed a second time.
    /// </summary>
    public static string Download(string releaseName, string fileName) =>
        (releaseName.StartsWith(Prefix, StringComparison.Ordinal) ? releaseName : Prefix + releaseName) + "-" + fileName;
}
