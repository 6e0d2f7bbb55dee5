using CustomerCore.Discounts;

namespace CustomerCore.Sample.Web.Pages;

/// <summary>Reads a discount typed as a kind (none, percent, amount) and a value, with the library's errors for bad values.</summary>
public static class DiscountForm
{
    /// <summary>
    /// The discount, or null for none. Fails with the library's amount errors when the value cannot be read; the
    /// range rules (0 &lt; p ≤ 100) are left to the service, which owns them.
    /// </summary>
    public static OperationResult<Discount?> Read(string? kind, string? value, string currency, CustomerErrorDescriber describer)
    {
        switch (kind)
        {
            case "percent":
                var percent = MoneyParser.ParseAmount(value, 2, "Discount", describer: describer);
                return percent.Succeeded ? OperationResult<Discount?>.Success(Discount.PercentOff(percent.Value)) : OperationResult<Discount?>.Failed(percent.Errors);
            case "amount":
                var money = MoneyParser.Parse(value, currency, "Discount", describer: describer);
                return money.Succeeded ? OperationResult<Discount?>.Success(Discount.FixedAmount(money.Value)) : OperationResult<Discount?>.Failed(money.Errors);
            default:
                return OperationResult<Discount?>.Success(null);
        }
    }
}
