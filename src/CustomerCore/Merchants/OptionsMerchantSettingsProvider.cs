using Microsoft.Extensions.Options;

namespace CustomerCore.Merchants;

/// <summary>Gives every merchant the settings configured in <see cref="CustomerCoreOptions"/>.</summary>
public sealed class OptionsMerchantSettingsProvider : IMerchantSettingsProvider
{
    private readonly IOptionsMonitor<CustomerCoreOptions> _options;

    /// <summary>Creates the provider.</summary>
    public OptionsMerchantSettingsProvider(IOptionsMonitor<CustomerCoreOptions> options)
    {
        _options = options;
    }

    /// <inheritdoc />
    public ValueTask<MerchantSettings> GetSettingsAsync(MerchantId merchantId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_options.CurrentValue.ToMerchantSettings());
}
