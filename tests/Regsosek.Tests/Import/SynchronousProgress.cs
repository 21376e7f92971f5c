namespace Regsosek.Tests.Import;

/// <summary>Unlike Progress&lt;T&gt;, reports on the caller's thread before Report returns.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
