namespace CustomerCore.Sample.Web;

/// <summary>
/// The merchant this back office serves and the currency its tills use. A single-shop sample reads both from
/// configuration (<c>CustomerCore:Merchant</c>, <c>CustomerCore:Currency</c>); a multi-tenant host would take the
/// merchant from the signed-in staff member.
/// </summary>
public sealed record BackOfficeMerchant(MerchantId Id, string Currency);
