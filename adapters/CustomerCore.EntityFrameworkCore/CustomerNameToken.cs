namespace CustomerCore.EntityFrameworkCore;

/// <summary>
/// One word of a customer's names in its own indexed row, so a name prefix search is an index range scan rather
/// than a scan of every customer. The customer store rewrites a customer's rows whenever its names change.
/// </summary>
internal sealed class CustomerNameToken
{
    public Guid CustomerId { get; set; }

    public MerchantId MerchantId { get; set; }

    public string Token { get; set; } = string.Empty;
}
