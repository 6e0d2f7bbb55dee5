using CustomerCore.Customers;

namespace CustomerCore.InMemory;

/// <summary>Customers plus the unique and lookup indexes a real database would keep.</summary>
internal sealed class InMemoryCustomerTable : IInMemoryTable
{
    public Dictionary<Guid, Customer> Rows { get; private set; } = [];
    public Dictionary<(string Merchant, string Key), Guid> ByEmail { get; private set; } = [];
    public Dictionary<(string Merchant, string Key), Guid> ByCode { get; private set; } = [];

    public void Insert(Customer customer)
    {
        Rows[customer.Id] = customer;
        Index(customer);
    }

    public void Replace(Customer previous, Customer customer)
    {
        Unindex(previous);
        Rows[customer.Id] = customer;
        Index(customer);
    }

    public void Remove(Customer customer)
    {
        Unindex(customer);
        Rows.Remove(customer.Id);
    }

    private void Index(Customer customer)
    {
        var merchant = customer.MerchantId.Value;
        if (customer.NormalizedEmail is { } email)
        {
            ByEmail[(merchant, email)] = customer.Id;
        }

        if (customer.NormalizedCustomerCode is { } code)
        {
            ByCode[(merchant, code)] = customer.Id;
        }
    }

    private void Unindex(Customer customer)
    {
        var merchant = customer.MerchantId.Value;
        if (customer.NormalizedEmail is { } email)
        {
            ByEmail.Remove((merchant, email));
        }

        if (customer.NormalizedCustomerCode is { } code)
        {
            ByCode.Remove((merchant, code));
        }
    }

    public object Snapshot() => (new Dictionary<Guid, Customer>(Rows), new Dictionary<(string, string), Guid>(ByEmail), new Dictionary<(string, string), Guid>(ByCode));

    public void Restore(object snapshot)
    {
        (Rows, ByEmail, ByCode) = ((Dictionary<Guid, Customer>, Dictionary<(string, string), Guid>, Dictionary<(string, string), Guid>))snapshot;
    }

    public void Clear()
    {
        Rows = [];
        ByEmail = [];
        ByCode = [];
    }
}
