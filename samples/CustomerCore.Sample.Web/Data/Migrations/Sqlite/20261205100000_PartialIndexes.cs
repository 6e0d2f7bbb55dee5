using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerCore.Sample.Web.Data.Migrations.Sqlite
{
    /// <summary>The second-phone and group indexes hold only the customers that have one (see the changelog).</summary>
    [DbContext(typeof(CustomerCore.Sample.Web.Data.SqliteBackOfficeDbContext))]
    [Migration("20261205100000_PartialIndexes")]
    public partial class PartialIndexes : Migration
    {
        private static readonly string[] Columns = ["GroupId", "SecondaryPhoneE164"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var column in Columns)
            {
                migrationBuilder.DropIndex(name: $"IX_cc_Customers_MerchantId_{column}_Id", table: "cc_Customers");
                migrationBuilder.CreateIndex(
                    name: $"IX_cc_Customers_MerchantId_{column}_Id",
                    table: "cc_Customers",
                    columns: new[] { "MerchantId", column, "Id" },
                    filter: $"\"{column}\" IS NOT NULL");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var column in Columns)
            {
                migrationBuilder.DropIndex(name: $"IX_cc_Customers_MerchantId_{column}_Id", table: "cc_Customers");
                migrationBuilder.CreateIndex(name: $"IX_cc_Customers_MerchantId_{column}_Id", table: "cc_Customers", columns: new[] { "MerchantId", column, "Id" });
            }
        }
    }
}
