using System.Reflection;

namespace CustomerCore.Samples.Tests;

/// <summary>Finds a sample's build output, built by the project references of this test project.</summary>
internal static class SampleOutput
{
    public static string AssemblyPath(string project)
    {
        var configuration = typeof(SampleOutput).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "CustomerCore.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        var path = Path.Combine(root ?? throw new InvalidOperationException("Repository root not found."),
            "samples", project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first.", path);
    }
}
