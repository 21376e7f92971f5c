namespace Regsosek.Pipeline.Import;

/// <summary>An expected failure that is not about the rows: unreadable file, existing release, regions not loaded.</summary>
public sealed class ImportException(string message, Exception? inner = null) : Exception(message, inner);
