namespace CustomerCore.Phones;

/// <summary>A phone number as typed, plus what libphonenumber made of it.</summary>
/// <param name="Raw">The input exactly as entered (trimmed); never discarded.</param>
/// <param name="E164">The number in E.164 form (for example <c>+447700900123</c>), or null when it could not be parsed as a valid number.</param>
/// <param name="DigitsReversed">The number's digits in reverse order, used for "last N digits" lookups at the till.</param>
public sealed record NormalizedPhone(string Raw, string? E164, string DigitsReversed)
{
    /// <summary>Whether the number parsed as a valid number for its region. Invalid numbers are kept raw and flagged.</summary>
    public bool IsValid => E164 is not null;
}
