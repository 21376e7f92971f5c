namespace Regsosek.Api.Infrastructure.Parsing;

/// <summary>
/// A value, or the problem to answer with instead of it: what a request parser or a lookup gives back. The problem's
/// type is an arm of the handler's <c>Results&lt;...&gt;</c> union, so a handler passes it on as it is:
/// <code>if (parsed.Problem is { } invalid) { return invalid; }</code>
/// </summary>
public readonly struct Outcome<T, TProblem>
    where TProblem : class, IResult
{
    private readonly T _value;

    private Outcome(T value, TProblem? problem)
    {
        _value = value;
        Problem = problem;
    }

    public TProblem? Problem { get; }

    /// <summary>The value; asking for it when there is a problem is a bug in the caller, not a bad request.</summary>
    public T Value => Problem is null ? _value : throw new InvalidOperationException("The outcome is a problem, not a value.");

    public static implicit operator Outcome<T, TProblem>(T value) => new(value, null);

    public static implicit operator Outcome<T, TProblem>(TProblem problem) => new(default!, problem ?? throw new ArgumentNullException(nameof(problem)));
}
