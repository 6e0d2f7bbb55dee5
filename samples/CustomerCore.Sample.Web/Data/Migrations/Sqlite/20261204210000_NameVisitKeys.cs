using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerCore.Sample.Web.Data.Migrations.Sqlite
{
    /// <summary>No schema change: writes the name visit keys (one-word name search in till order) of customers written before the adapter wrote them.</summary>
    [DbContext(typeof(CustomerCore.Sample.Web.Data.SqliteBackOfficeDbContext))]
    [Migration("20261204210000_NameVisitKeys")]
    public partial class NameVisitKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddCustomerNameVisitKeys(o => o.TablePrefix = CustomerCore.Sample.Web.Data.BackOfficeDbContext.CustomerCoreTablePrefix);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropCustomerNameVisitKeys(o => o.TablePrefix = CustomerCore.Sample.Web.Data.BackOfficeDbContext.CustomerCoreTablePrefix);
    }
}
