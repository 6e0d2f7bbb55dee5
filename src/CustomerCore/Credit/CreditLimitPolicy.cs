namespace CustomerCore.Credit;

/// <summary>What a charge that would take a credit line over its limit does.</summary>
public enum CreditLimitPolicy
{
    /// <summary>The charge fails with <see cref="CustomerErrorCodes.CreditLimitExceeded"/> (the default).</summary>
    Block = 0,
    /// <summary>
    /// The charge fails with <see cref="CustomerErrorCodes.CreditLimitExceeded"/> unless it carries an override reason,
    /// which is then recorded on the entry.
    /// </summary>
    Warn = 1,
}
