namespace CustomerCore;

/// <summary>The outcome of an operation whose failures are expected (validation, duplicates, conflicts).</summary>
public class OperationResult
{
    private static readonly OperationResult SuccessInstance = new(Array.Empty<CustomerError>());

    /// <summary>Creates a result carrying the given errors; none means success.</summary>
    protected OperationResult(IReadOnlyList<CustomerError> errors)
    {
        Errors = errors;
    }

    /// <summary>Whether the operation did what was asked.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Why the operation failed; empty on success.</summary>
    public IReadOnlyList<CustomerError> Errors { get; }

    /// <summary>A successful result.</summary>
    public static OperationResult Success() => SuccessInstance;

    /// <summary>A failed result with at least one error.</summary>
    public static OperationResult Failed(params IEnumerable<CustomerError> errors)
    {
        var list = errors.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A failed result needs at least one error.", nameof(errors));
        }

        return new OperationResult(list);
    }

    /// <summary>Whether the result failed with the given code.</summary>
    public bool HasError(string code) => Errors.Any(e => e.Code == code);

    /// <inheritdoc />
    public override string ToString() =>
        Succeeded ? "Succeeded" : "Failed: " + string.Join("; ", Errors.Select(e => $"{e.Code}: {e.Description}"));
}

/// <summary>An <see cref="OperationResult"/> that carries a value on success.</summary>
/// <typeparam name="T">The value produced by a successful operation.</typeparam>
public sealed class OperationResult<T> : OperationResult
{
    private OperationResult(T? value, IReadOnlyList<CustomerError> errors)
        : base(errors)
    {
        Value = value;
    }

    /// <summary>The value; only meaningful when <see cref="OperationResult.Succeeded"/> is true.</summary>
    public T? Value { get; }

    /// <summary>A successful result carrying <paramref name="value"/>.</summary>
    public static OperationResult<T> Success(T value) => new(value, Array.Empty<CustomerError>());

    /// <summary>A failed result with at least one error.</summary>
    public static new OperationResult<T> Failed(params IEnumerable<CustomerError> errors)
    {
        var list = errors.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A failed result needs at least one error.", nameof(errors));
        }

        return new OperationResult<T>(default, list);
    }

    /// <summary>A failed result that also carries a value describing the failure (for example duplicate candidates).</summary>
    public static OperationResult<T> Failed(T value, params IEnumerable<CustomerError> errors)
    {
        var list = errors.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A failed result needs at least one error.", nameof(errors));
        }

        return new OperationResult<T>(value, list);
    }
}
