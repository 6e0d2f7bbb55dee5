using CustomerCore.Customers;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>One row of a till search statement: a customer, the lookup that found it (a <see cref="MatchReason"/>) and
/// its latest visit (UTC ticks, -1 for never).</summary>
internal sealed record TillSearchRow(Customer Customer, int Reason, long LastVisit);
