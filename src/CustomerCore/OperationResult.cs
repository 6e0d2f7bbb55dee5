using System.Diagnostics.CodeAnalysis;

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

    /// <summary>
    /// Finds the first error of a kind that carries details, for example the candidates of a
    /// <see cref="Customers.DuplicateCustomersError"/> or the report of an <see cref="Importing.ImportRefusedError"/>.
    /// <code>
    /// if (result.TryGetError&lt;DuplicateCustomersError&gt;(out var duplicate)) { /* offer duplicate.Candidates */ }
    /// </code>
    /// </summary>
    /// <typeparam name="TError">The kind of error.</typeparam>
    /// <param name="error">The first error of that kind; null when there is none.</param>
    public bool TryGetError<TError>([NotNullWhen(true)] out TError? error)
        where TError : CustomerError
    {
        error = Errors.OfType<TError>().FirstOrDefault();
        return error is not null;
    }

    /// <inheritdoc />
    public override string ToString() =>
        Succeeded ? "Succeeded" : "Failed: " + string.Join("; ", Errors.Select(e => $"{e.Code}: {e.Description}"));
}

/// <summary>
/// An <see cref="OperationResult"/> that carries a value on success. On failure <see cref="Value"/> is null (the
/// default of <typeparamref name="T"/>) and everything about the failure is in <see cref="OperationResult.Errors"/>;
/// <see cref="TryGetValue(out T, out IReadOnlyList{CustomerError})"/> reads both in one step.
/// </summary>
/// <typeparam name="T">The value produced by a successful operation.</typeparam>
public sealed class OperationResult<T> : OperationResult
{
    private OperationResult(T? value, IReadOnlyList<CustomerError> errors)
        : base(errors)
    {
        Value = value;
    }

    /// <summary>The value on success; null (the default of <typeparamref name="T"/>) on failure.</summary>
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

    /// <summary>
    /// Reads the outcome: true with the value on success; false with the errors on failure.
    /// <code>
    /// if (!result.TryGetValue(out var customer, out var errors)) { /* show errors */ }
    /// </code>
    /// </summary>
    /// <param name="value">The value on success; the default of <typeparamref name="T"/> on failure.</param>
    /// <param name="errors">Why the operation failed; empty on success.</param>
    public bool TryGetValue([MaybeNullWhen(false)] out T value, out IReadOnlyList<CustomerError> errors)
    {
        value = Value;
        errors = Errors;
        return Succeeded;
    }

    /// <summary>True with the value on success; false on failure (the reasons stay in <see cref="OperationResult.Errors"/>).</summary>
    /// <param name="value">The value on success; the default of <typeparamref name="T"/> on failure.</param>
    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = Value;
        return Succeeded;
    }
}
