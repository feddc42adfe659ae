namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>Where the repository and the build outputs are, seen from the test binaries.</summary>
public static class Repository
{
    /// <summary>The directory holding Omniops.Actors.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of the running tests (Debug or Release).</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Omniops.Actors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Omniops.Actors.sln not found above the test binaries.");
    }
}
