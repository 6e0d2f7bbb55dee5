using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerCore.Sample.Web.Data.Migrations.PostgreSql
{
    /// <summary>No schema change: fills in the name pair keys of customers written before the adapter wrote them.</summary>
    [DbContext(typeof(CustomerCore.Sample.Web.Data.PostgreSqlBackOfficeDbContext))]
    [Migration("20261204170000_NamePairKeys")]
    public partial class NamePairKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddCustomerNamePairKeys(o => o.TablePrefix = CustomerCore.Sample.Web.Data.BackOfficeDbContext.CustomerCoreTablePrefix);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropCustomerNamePairKeys(o => o.TablePrefix = CustomerCore.Sample.Web.Data.BackOfficeDbContext.CustomerCoreTablePrefix);
    }
}
