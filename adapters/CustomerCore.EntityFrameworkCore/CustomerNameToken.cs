namespace CustomerCore.EntityFrameworkCore;

/// <summary>
/// One word of a customer's names, or one of its pair or visit keys (<see cref="CustomerNameIndex"/>), in its own
/// indexed row, so a name prefix search is an index range scan rather than a scan of every customer. The customer store
/// rewrites a customer's rows whenever its names change; the ticket store its visit keys whenever its visits do.
/// </summary>
internal sealed class CustomerNameToken
{
    public Guid CustomerId { get; set; }

    public MerchantId MerchantId { get; set; }

    public string Token { get; set; } = string.Empty;
}
