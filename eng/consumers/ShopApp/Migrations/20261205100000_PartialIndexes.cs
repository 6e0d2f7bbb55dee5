using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopApp.Migrations
{
    /// <summary>The packaged model's second-phone and group indexes became partial.</summary>
    [DbContext(typeof(ShopApp.ShopDbContext))]
    [Migration("20261205100000_PartialIndexes")]
    public partial class PartialIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_cc_Customers_MerchantId_GroupId_Id", table: "cc_Customers");
            migrationBuilder.DropIndex(name: "IX_cc_Customers_MerchantId_SecondaryPhoneE164_Id", table: "cc_Customers");
            migrationBuilder.CreateIndex(
                name: "IX_cc_Customers_MerchantId_GroupId_Id",
                table: "cc_Customers",
                columns: new[] { "MerchantId", "GroupId", "Id" },
                filter: "\"GroupId\" IS NOT NULL");
            migrationBuilder.CreateIndex(
                name: "IX_cc_Customers_MerchantId_SecondaryPhoneE164_Id",
                table: "cc_Customers",
                columns: new[] { "MerchantId", "SecondaryPhoneE164", "Id" },
                filter: "\"SecondaryPhoneE164\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_cc_Customers_MerchantId_GroupId_Id", table: "cc_Customers");
            migrationBuilder.DropIndex(name: "IX_cc_Customers_MerchantId_SecondaryPhoneE164_Id", table: "cc_Customers");
            migrationBuilder.CreateIndex(name: "IX_cc_Customers_MerchantId_GroupId_Id", table: "cc_Customers", columns: new[] { "MerchantId", "GroupId", "Id" });
            migrationBuilder.CreateIndex(name: "IX_cc_Customers_MerchantId_SecondaryPhoneE164_Id", table: "cc_Customers", columns: new[] { "MerchantId", "SecondaryPhoneE164", "Id" });
        }
    }
}
