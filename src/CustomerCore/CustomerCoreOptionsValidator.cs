using System.Globalization;
using Microsoft.Extensions.Options;

namespace CustomerCore;

/// <summary>
/// Refuses amount limits that would let an amount outgrow the storage columns or overflow <see cref="decimal"/>
/// arithmetic. A wrong limit is a host configuration bug, so it surfaces as an <see cref="OptionsValidationException"/>
/// when the options are first read rather than as a result of some later posting.
/// </summary>
internal sealed class CustomerCoreOptionsValidator : IValidateOptions<CustomerCoreOptions>
{
    public ValidateOptionsResult Validate(string? name, CustomerCoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(nameof(CustomerCoreOptions.MaxPostingAmount), options.MaxPostingAmount, failures);
        Check(nameof(CustomerCoreOptions.MaxAccountBalance), options.MaxAccountBalance, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string option, decimal value, List<string> failures)
    {
        if (value <= 0m || value > CustomerCoreOptions.AmountCeiling)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{option} must be more than 0 and at most {CustomerCoreOptions.AmountCeiling:0} (it is {value})."));
        }
    }
}
