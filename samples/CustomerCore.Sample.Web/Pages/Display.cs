using System.Globalization;
using CustomerCore.Discounts;

namespace CustomerCore.Sample.Web.Pages;

/// <summary>How amounts and discounts read on the pages, in the request's culture.</summary>
public static class Display
{
    /// <summary>An amount with its currency's minor units (<c>42.50 USD</c>), whatever scale the store kept.</summary>
    public static string Amount(decimal value, string currency)
    {
        var money = new Money(value, currency).Round();
        return money.Amount.ToString("N" + money.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture) + " " + currency;
    }

    /// <summary>A discount as staff read it: <c>10 %</c> or <c>5.00 USD</c>; "none" for none.</summary>
    public static string Discount(Discount? discount) => discount switch
    {
        null => "none",
        { Kind: DiscountKind.Percentage } => discount.Value.ToString("0.##", CultureInfo.CurrentCulture) + " %",
        _ => Amount(discount.Value, discount.Currency ?? string.Empty),
    };
}
