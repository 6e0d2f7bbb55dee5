using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Text.Json;
using System.Xml.Linq;

namespace ShopApp.Tests;

/// <summary>
/// What a release engineer checks in the packages this app was built from: metadata, readme, symbols, and SourceLink
/// data that points every source file at the commit the package came from.
/// </summary>
public sealed class PackageContentsTests
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    private static readonly string Feed = Metadata("CustomerCorePackageFeed");
    private static readonly string Version = Metadata("CustomerCoreVersion");

    public static TheoryData<string> PackageIds => new(
        "CustomerCore", "CustomerCore.InMemory", "CustomerCore.EntityFrameworkCore", "CustomerCore.Specification.Tests", "customercore-cli");

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void Package_HasReleaseMetadataAndReadme(string id)
    {
        using var package = ZipFile.OpenRead(PackagePath(id, "nupkg"));
        var metadata = Nuspec(package);

        Assert.Equal(id, Value(metadata, "id"));
        Assert.Equal(Version, Value(metadata, "version"));
        var description = Value(metadata, "description");
        Assert.False(string.IsNullOrWhiteSpace(description));
        Assert.NotEqual("Package Description", description);
        Assert.Contains("pos", Value(metadata, "tags").Split(' '));
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.NotNull(package.GetEntry("README.md"));
        var repository = Element(metadata, "repository");
        Assert.StartsWith("https://", (string?)repository.Attribute("url"), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit"));
        Assert.Equal((string?)repository.Attribute("url"), Value(metadata, "projectUrl"));
    }

    [Fact]
    public void ToolPackage_InstallsTheCustomercoreCommand()
    {
        using var package = ZipFile.OpenRead(PackagePath("customercore-cli", "nupkg"));
        var metadata = Nuspec(package);
        Assert.Equal("DotnetTool", (string?)Element(metadata, "packageTypes").Elements().Single().Attribute("name"));
        var settings = package.Entries.Single(e => e.Name == "DotnetToolSettings.xml");
        using var stream = settings.Open();
        var command = XDocument.Load(stream).Descendants("Command").Single();
        Assert.Equal("customercore", (string?)command.Attribute("Name"));
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void SymbolPackage_LinksEverySourceToTheCommitAndEmbedsGeneratedOnes(string id)
    {
        using var nupkg = ZipFile.OpenRead(PackagePath(id, "nupkg"));
        var commit = (string)Element(Nuspec(nupkg), "repository").Attribute("commit")!;
        using var snupkg = ZipFile.OpenRead(PackagePath(id, "snupkg"));
        var pdbs = snupkg.Entries.Where(e => e.FullName.EndsWith(".pdb", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pdbs);

        foreach (var entry in pdbs)
        {
            using var copy = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(copy);
            }

            copy.Position = 0;
            using var provider = MetadataReaderProvider.FromPortablePdbStream(copy);
            var reader = provider.GetMetadataReader();
            var sourceLink = reader.CustomDebugInformation
                .Select(reader.GetCustomDebugInformation)
                .Single(info => reader.GetGuid(info.Kind) == SourceLinkKind);
            using var json = JsonDocument.Parse(reader.GetBlobBytes(sourceLink.Value));
            var mapping = Assert.Single(json.RootElement.GetProperty("documents").EnumerateObject());
            Assert.StartsWith("https://", mapping.Value.GetString(), StringComparison.Ordinal);
            Assert.Contains($"/{commit}/", mapping.Value.GetString(), StringComparison.Ordinal);

            // Files the build generates (assembly attributes, global usings) are in no commit, so they travel inside.
            var embedded = reader.CustomDebugInformation
                .Select(reader.GetCustomDebugInformation)
                .Count(info => reader.GetGuid(info.Kind) == EmbeddedSourceKind);
            Assert.True(embedded > 0, $"{entry.FullName} embeds no generated sources");

            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                // A CI build maps the clone's folder to /_/, so the package does not depend on where it was built.
                Assert.Equal("/_/*", mapping.Name);
                Assert.All(reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)), path => Assert.StartsWith("/_/", path, StringComparison.Ordinal));
            }
        }
    }

    private static string PackagePath(string id, string extension)
    {
        var path = Path.Combine(Feed, $"{id}.{Version}.{extension}");
        Assert.True(File.Exists(path), $"{path} was not packed");
        return path;
    }

    private static XElement Nuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static XElement Element(XElement metadata, string name) => metadata.Elements().Single(e => e.Name.LocalName == name);

    private static string Value(XElement metadata, string name) => Element(metadata, name).Value;

    private static string Metadata(string key) =>
        typeof(PackageContentsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"{key} is not set; build with -p:CustomerCoreVersion=...");
}
