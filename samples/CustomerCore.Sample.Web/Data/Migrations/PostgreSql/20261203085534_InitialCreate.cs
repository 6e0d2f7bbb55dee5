using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CustomerCore.Sample.Web.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cc_AuditEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    EntityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Operation = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Fields = table.Column<string>(type: "text", nullable: false),
                    ImportBatchId = table.Column<Guid>(type: "uuid", nullable: true),
                    MergeId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_AuditEntries", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "cc_ChangeFeedCounters",
                columns: table => new
                {
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LastSequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_ChangeFeedCounters", x => x.MerchantId);
                });

            migrationBuilder.CreateTable(
                name: "cc_ChangeFeedEntries",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EntityId = table.Column<Guid>(type: "uuid", nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CustomerSnapshot = table.Column<string>(type: "text", nullable: true),
                    GroupSnapshot = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_ChangeFeedEntries", x => new { x.MerchantId, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "cc_CustomerConsentRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    WordingVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_CustomerConsentRecords", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "cc_CustomerGroups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    NormalizedName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    DiscountCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    DiscountKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    DiscountValue = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_CustomerGroups", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "cc_CustomerItemTotals",
                columns: table => new
                {
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    TimesBought = table.Column<int>(type: "integer", nullable: false),
                    Quantity = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Spent = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    LastBought = table.Column<long>(type: "bigint", nullable: false),
                    Description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_CustomerItemTotals", x => new { x.MerchantId, x.CustomerId, x.Sku, x.Currency });
                });

            migrationBuilder.CreateTable(
                name: "cc_CustomerMerges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    KeptId = table.Column<Guid>(type: "uuid", nullable: false),
                    RemovedId = table.Column<Guid>(type: "uuid", nullable: false),
                    KeptBeforeJson = table.Column<string>(type: "text", nullable: false),
                    RemovedBeforeJson = table.Column<string>(type: "text", nullable: false),
                    KeptVersionAfter = table.Column<long>(type: "bigint", nullable: false),
                    MovedTicketsJson = table.Column<string>(type: "text", nullable: false),
                    LedgerTransfersJson = table.Column<string>(type: "text", nullable: false),
                    MergedAtTicks = table.Column<long>(type: "bigint", nullable: false),
                    MergedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UndoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UndoneBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_CustomerMerges", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "cc_Customers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FirstName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LastName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DisplayName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CompanyName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    PhoneE164 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    PhoneDigitsReversed = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    SecondaryPhone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    SecondaryPhoneE164 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    AddressLine1 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AddressLine2 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    HouseNumber = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    City = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Region = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PostalCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    NormalizedPostalCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Country = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CustomerCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    NormalizedCustomerCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Birthday = table.Column<DateOnly>(type: "date", nullable: true),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    GroupId = table.Column<Guid>(type: "uuid", nullable: true),
                    Tags = table.Column<List<string>>(type: "text[]", nullable: false),
                    Preferences = table.Column<string>(type: "text", nullable: false),
                    NameTokens = table.Column<List<string>>(type: "text[]", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ErasedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    EmailConsentChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EmailConsentSource = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    EmailConsentStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    EmailConsentWordingVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PersonalDiscountCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    PersonalDiscountKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    PersonalDiscountValue = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    SmsConsentChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SmsConsentSource = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    SmsConsentStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SmsConsentWordingVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_Customers", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "cc_ImportBatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AppliedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AppliedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SourceName = table.Column<string>(type: "text", nullable: true),
                    CreatedCount = table.Column<int>(type: "integer", nullable: false),
                    UpdatedCount = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    UndoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UndoneBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_ImportBatches", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "cc_LedgerAccounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Unit = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    NormalizedName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Limit = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    PaymentTermDays = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Balance = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Held = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_LedgerAccounts", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "cc_TicketLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TicketReference = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    LocationId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    AttachedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Total = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    RefundedAmount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    LineCount = table.Column<int>(type: "integer", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PointsCustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    PointsAwarded = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    SortKey = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_TicketLinks", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    RoleId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cc_CustomerNameTokens",
                columns: table => new
                {
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Token = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_CustomerNameTokens", x => new { x.MerchantId, x.CustomerId, x.Token });
                    table.ForeignKey(
                        name: "FK_cc_CustomerNameTokens_cc_Customers_MerchantId_CustomerId",
                        columns: x => new { x.MerchantId, x.CustomerId },
                        principalTable: "cc_Customers",
                        principalColumns: new[] { "MerchantId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cc_ImportBatchEntries",
                columns: table => new
                {
                    BatchId = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Change = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    VersionAfter = table.Column<long>(type: "bigint", nullable: false),
                    BeforeImage = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_ImportBatchEntries", x => new { x.MerchantId, x.BatchId, x.CustomerId });
                    table.ForeignKey(
                        name: "FK_cc_ImportBatchEntries_cc_ImportBatches_MerchantId_BatchId",
                        columns: x => new { x.MerchantId, x.BatchId },
                        principalTable: "cc_ImportBatches",
                        principalColumns: new[] { "MerchantId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cc_LedgerEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    HeldChange = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    BalanceAfter = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    HeldAfter = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Unit = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    HoldId = table.Column<Guid>(type: "uuid", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    RequestHash = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    OverrideReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    PostedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PostedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_LedgerEntries", x => new { x.MerchantId, x.Id });
                    table.ForeignKey(
                        name: "FK_cc_LedgerEntries_cc_LedgerAccounts_MerchantId_AccountId",
                        columns: x => new { x.MerchantId, x.AccountId },
                        principalTable: "cc_LedgerAccounts",
                        principalColumns: new[] { "MerchantId", "Id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "cc_TicketLines",
                columns: table => new
                {
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TicketId = table.Column<Guid>(type: "uuid", nullable: false),
                    LineNumber = table.Column<int>(type: "integer", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Quantity = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    UnitPrice = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    LineTotal = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    ReturnedQuantity = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    KeptByCustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    SoldAt = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_TicketLines", x => new { x.MerchantId, x.TicketId, x.LineNumber });
                    table.ForeignKey(
                        name: "FK_cc_TicketLines_cc_TicketLinks_MerchantId_TicketId",
                        columns: x => new { x.MerchantId, x.TicketId },
                        principalTable: "cc_TicketLinks",
                        principalColumns: new[] { "MerchantId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cc_AuditEntries_MerchantId_EntityId_Sequence",
                table: "cc_AuditEntries",
                columns: new[] { "MerchantId", "EntityId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_cc_ChangeFeedEntries_MerchantId_EntityId",
                table: "cc_ChangeFeedEntries",
                columns: new[] { "MerchantId", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_cc_CustomerConsentRecords_MerchantId_CustomerId",
                table: "cc_CustomerConsentRecords",
                columns: new[] { "MerchantId", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_cc_CustomerGroups_MerchantId_NormalizedName",
                table: "cc_CustomerGroups",
                columns: new[] { "MerchantId", "NormalizedName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cc_CustomerMerges_MerchantId_RemovedId",
                table: "cc_CustomerMerges",
                columns: new[] { "MerchantId", "RemovedId" });

            migrationBuilder.CreateIndex(
                name: "IX_cc_CustomerNameTokens_MerchantId_Token_CustomerId",
                table: "cc_CustomerNameTokens",
                columns: new[] { "MerchantId", "Token", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_cc_Customers_MerchantId_GroupId_Id",
                table: "cc_Customers",
                columns: new[] { "MerchantId", "GroupId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_cc_Customers_MerchantId_NormalizedCustomerCode",
                table: "cc_Customers",
                columns: new[] { "MerchantId", "NormalizedCustomerCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cc_Customers_MerchantId_NormalizedEmail",
                table: "cc_Customers",
                columns: new[] { "MerchantId", "NormalizedEmail" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cc_Customers_MerchantId_NormalizedPostalCode_Id",
                table: "cc_Customers",
                columns: new[] { "MerchantId", "NormalizedPostalCode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_cc_Customers_MerchantId_PhoneDigitsReversed",
                table: "cc_Customers",
                columns: new[] { "MerchantId", "PhoneDigitsReversed" });

            migrationBuilder.CreateIndex(
                name: "IX_cc_Customers_MerchantId_PhoneE164_Id",
                table: "cc_Customers",
                columns: new[] { "MerchantId", "PhoneE164", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_cc_Customers_MerchantId_SecondaryPhoneE164_Id",
                table: "cc_Customers",
                columns: new[] { "MerchantId", "SecondaryPhoneE164", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_cc_LedgerAccounts_MerchantId_CustomerId_Kind_NormalizedName",
                table: "cc_LedgerAccounts",
                columns: new[] { "MerchantId", "CustomerId", "Kind", "NormalizedName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cc_LedgerEntries_HoldId",
                table: "cc_LedgerEntries",
                column: "HoldId");

            migrationBuilder.CreateIndex(
                name: "IX_cc_LedgerEntries_MerchantId_AccountId_Sequence",
                table: "cc_LedgerEntries",
                columns: new[] { "MerchantId", "AccountId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cc_LedgerEntries_MerchantId_IdempotencyKey",
                table: "cc_LedgerEntries",
                columns: new[] { "MerchantId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cc_TicketLines_MerchantId_KeptByCustomerId_Sku_Currency_Sol~",
                table: "cc_TicketLines",
                columns: new[] { "MerchantId", "KeptByCustomerId", "Sku", "Currency", "SoldAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cc_TicketLines_MerchantId_KeptByCustomerId_SoldAt",
                table: "cc_TicketLines",
                columns: new[] { "MerchantId", "KeptByCustomerId", "SoldAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cc_TicketLinks_MerchantId_CustomerId_SortKey_Id",
                table: "cc_TicketLinks",
                columns: new[] { "MerchantId", "CustomerId", "SortKey", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_cc_TicketLinks_MerchantId_TicketReference",
                table: "cc_TicketLinks",
                columns: new[] { "MerchantId", "TicketReference" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "cc_AuditEntries");

            migrationBuilder.DropTable(
                name: "cc_ChangeFeedCounters");

            migrationBuilder.DropTable(
                name: "cc_ChangeFeedEntries");

            migrationBuilder.DropTable(
                name: "cc_CustomerConsentRecords");

            migrationBuilder.DropTable(
                name: "cc_CustomerGroups");

            migrationBuilder.DropTable(
                name: "cc_CustomerItemTotals");

            migrationBuilder.DropTable(
                name: "cc_CustomerMerges");

            migrationBuilder.DropTable(
                name: "cc_CustomerNameTokens");

            migrationBuilder.DropTable(
                name: "cc_ImportBatchEntries");

            migrationBuilder.DropTable(
                name: "cc_LedgerEntries");

            migrationBuilder.DropTable(
                name: "cc_TicketLines");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "cc_Customers");

            migrationBuilder.DropTable(
                name: "cc_ImportBatches");

            migrationBuilder.DropTable(
                name: "cc_LedgerAccounts");

            migrationBuilder.DropTable(
                name: "cc_TicketLinks");
        }
    }
}
