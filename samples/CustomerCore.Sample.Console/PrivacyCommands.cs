using CustomerCore.Privacy;

namespace CustomerCore.Sample.Console;

/// <summary><c>customers erase CUSTOMER</c> and <c>customers export-data CUSTOMER FILE</c>.</summary>
internal static class PrivacyCommands
{
    public static async Task<int> EraseAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var customer = await context.ResolveCustomerAsync(CliContext.Word(line, 2, "the customer"), cancellationToken);
        line.RejectUnknownOptions();
        var erased = await context.Get<CustomerPrivacyService>().EraseAsync(context.Merchant, customer.Id, customer.Version, cancellationToken);
        return erased.Succeeded
            ? context.Print(new { erased = customer.Id, erasedAt = erased.Value!.ErasedAt }, $"Erased the personal data of customer {customer.Id}; their sales and balances stay.")
            : context.Fail(erased);
    }

    public static async Task<int> ExportDataAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var customer = await context.ResolveCustomerAsync(CliContext.Word(line, 2, "the customer"), cancellationToken);
        var file = CliContext.OutputFile(line, 3, "the file to write the JSON to");
        line.RejectUnknownOptions();
        var exported = await context.Get<CustomerPrivacyService>().ExportPersonalDataAsync(context.Merchant, customer.Id, cancellationToken);
        if (!exported.Succeeded)
        {
            return context.Fail(exported);
        }

        await File.WriteAllTextAsync(file, exported.Value, cancellationToken);
        return context.Print(new { customer = customer.Id, file }, $"Wrote everything held about customer {customer.Id} to {file}.");
    }
}
