using System.Globalization;
using CustomerCore;
using CustomerCore.Sample.Web;
using CustomerCore.Sample.Web.Data;
using CustomerCore.Sample.Web.Importing;
using CustomerCore.Sample.Web.Staff;
using CustomerCore.Security;
using Microsoft.AspNetCore.Identity;

var builder = WebApplication.CreateBuilder(args);

var identity = builder.Services
    .AddIdentity<IdentityUser, IdentityRole>(o =>
    {
        o.User.RequireUniqueEmail = false;
        o.Lockout.MaxFailedAccessAttempts = 5;
    });
builder.Services.AddBackOfficeDatabase(builder.Configuration, builder.Environment.ContentRootPath, identity);
identity.AddDefaultTokenProviders();
builder.Services.ConfigureApplicationCookie(o =>
{
    o.LoginPath = "/Account/Login";
    o.AccessDeniedPath = "/Account/Denied";
});

// The library asks the signed-in staff member, not the default allow-all, before every operation.
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<ICustomerCoreAccessContext, StaffAccessContext>();
builder.Services.AddSingleton(new BackOfficeMerchant(
    new MerchantId(builder.Configuration["CustomerCore:Merchant"] ?? "demo"), builder.Configuration["CustomerCore:Currency"] ?? "USD"));

builder.Services.AddAuthorization(o =>
{
    o.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    foreach (var permission in CustomerPermissions.All)
    {
        o.AddPolicy(StaffRoles.PolicyFor(permission), policy => policy.RequireAssertion(context => StaffRoles.Grants(context.User, permission)));
    }
});
builder.Services.AddRazorPages();
builder.Services.AddSingleton<ImportUploads>();
builder.Services.AddLocalization();
builder.Services.Configure<RequestLocalizationOptions>(o =>
{
    CultureInfo[] cultures = [new("en"), new("es"), new("de")];
    o.DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture("en");
    o.SupportedCultures = cultures;
    o.SupportedUICultures = cultures;
});

var app = builder.Build();

await BackOfficeDatabase.MigrateAsync(app.Services);
if (app.Environment.IsDevelopment())
{
    await DemoStaff.SeedAsync(app.Services);
}
else
{
    app.UseExceptionHandler("/Error");
}

// CustomerErrorDescriber picks its language from the request's UI culture, which this sets from Accept-Language.
app.UseRequestLocalization();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapRazorPages();

app.Run();
