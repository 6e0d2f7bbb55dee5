using Microsoft.Extensions.Options;

namespace CustomerCore;

/// <summary>
/// The money input rules the services share, so a credit limit, a ticket total and a discount are checked alike:
/// currencies must be active ISO 4217 codes, amounts must fit their currency's minor unit and the configured limits.
/// Ledger postings are checked by the ledger poster, which applies the same limits to what it is about to write.
/// </summary>
internal sealed class MoneyRules(CustomerErrorDescriber describer, IOptionsMonitor<CustomerCoreOptions> options)
{
    public CustomerErrorDescriber Describer { get; } = describer;

    /// <summary>The largest amount one posting, ticket total or fixed discount may carry.</summary>
    public decimal MaxPostingAmount => options.CurrentValue.MaxPostingAmount;

    /// <summary>The largest balance an account may reach, and so the largest credit limit.</summary>
    public decimal MaxAccountBalance => options.CurrentValue.MaxAccountBalance;

    /// <summary>Null when <paramref name="code"/> is an active ISO 4217 code in any case; otherwise why not.</summary>
    public CustomerError? CurrencyError(string? code, string field)
    {
        var parsed = MoneyParser.ParseCurrency(code, field, Describer);
        return parsed.Succeeded ? null : parsed.Errors[0];
    }

    /// <summary>
    /// The first thing wrong with <paramref name="amount"/> of an accepted <paramref name="currency"/>: zero or negative
    /// when it must be positive (negative otherwise), more than <paramref name="maximum"/>, or more decimal places than
    /// the currency's minor unit. Null when nothing is.
    /// </summary>
    public CustomerError? AmountError(decimal amount, string currency, string field, bool mustBePositive, decimal? maximum)
    {
        if (mustBePositive ? amount <= 0m : amount < 0m)
        {
            return mustBePositive ? Describer.AmountNotPositive(field) : Describer.ValueMustNotBeNegative(field);
        }

        if (maximum is { } max && amount > max)
        {
            return Describer.AmountTooLarge(field, max);
        }

        var minorUnits = CurrencyMinorUnits.For(currency);
        return Math.Round(amount, minorUnits) == amount ? null : Describer.TooManyDecimals(field, currency.ToUpperInvariant(), minorUnits);
    }
}
