using System.ComponentModel;
using System.Diagnostics;
using Omniops.Actors.Tests.Infrastructure;
using Xunit.Sdk;

namespace Omniops.Actors.Tests.Operations;

/// <summary>
/// The repository's <c>docker-compose.yml</c>, checked through <c>docker-compose config</c> (which validates the file
/// and prints it normalized; no Docker engine needed). Reads that output line by line: it understands both the
/// docker-compose v1 rendering (short port syntax) and the v2 one (long port syntax). A missing docker-compose is a
/// failure, never a skip.
/// </summary>
public sealed class DockerComposeTests
{
    private const string InstallHint = "install docker-compose: apt-get install -y docker-compose";
    private const string TestMasterKey = "b21uaW9wcy1jb21wb3NlLXRlc3QtbWFzdGVyLWtleSE=";
    private const string TestOperatorKey = "opk.compose-test-operator-key-not-a-secret";
    private const string TestDbPassword = "compose-test-db-password-not-a-secret";
    private const string TestDbAppPassword = "compose-test-db-app-password-not-a-secret";
    private const string Loopback = "127.0.0.1";

    private static readonly string[] Services = ["postgres", "silo1", "silo2", "gateway"];
    private static readonly string[] ExpectedPublishedPorts = ["gateway 127.0.0.1:5080->5080", "silo1 127.0.0.1:8080->8080"];
    private static readonly string[] ExpectedSecretSettings = ["OMNIOPS_DB_APP_PASSWORD", "Omniops__MasterKey", "Omniops__OperatorKey", "POSTGRES_PASSWORD", "Password="];

    private static readonly Dictionary<string, string> TestSecrets = new()
    {
        ["OMNIOPS_MASTER_KEY"] = TestMasterKey,
        ["OMNIOPS_OPERATOR_KEY"] = TestOperatorKey,
        ["OMNIOPS_DB_PASSWORD"] = TestDbPassword,
        ["OMNIOPS_DB_APP_PASSWORD"] = TestDbAppPassword,
        ["OMNIOPS_SIGNING_KEY_FILE"] = "/tmp/omniops-compose-test-signing.pem",
    };

    [Fact]
    public async Task ComposeFileIsValidAndDefinesPostgresTwoSilosAndGateway()
    {
        var services = await RenderServicesAsync();

        foreach (var name in Services)
        {
            Assert.True(services.ContainsKey(name), $"docker-compose.yml defines no service '{name}'.");
            var healthcheck = ComposeYaml.Child(services[name], "healthcheck", 4);
            var hasHealthcheck = healthcheck.Any(l => l.TrimStart().StartsWith("test:", StringComparison.Ordinal)) &&
                !healthcheck.Any(l => l.Trim() == "disable: true");
            Assert.True(hasHealthcheck, $"Service '{name}' has no health check.");
            foreach (var (hostIp, published, target) in ComposeYaml.PublishedPorts(services[name]))
            {
                Assert.True(hostIp == Loopback, $"Service '{name}' publishes {published}->{target} on '{hostIp}', not on {Loopback} only.");
            }
        }

        Assert.Equal("silo1", ComposeYaml.EnvironmentOf(services["silo1"]).GetValueOrDefault("Omniops__Cluster__AdvertisedAddress"));
        Assert.Equal("silo2", ComposeYaml.EnvironmentOf(services["silo2"]).GetValueOrDefault("Omniops__Cluster__AdvertisedAddress"));
        AssertWaitsForHealthy(services, "silo1", "postgres");
        AssertWaitsForHealthy(services, "silo2", "postgres");
        AssertWaitsForHealthy(services, "gateway", "silo1", "silo2");
        foreach (var silo in (string[])["silo1", "silo2"])
        {
            Assert.Equal("/run/omniops/signing.pem", ComposeYaml.EnvironmentOf(services[silo]).GetValueOrDefault("Omniops__Signing__KeyFile"));
            Assert.Contains(services[silo], l => l.Contains("/tmp/omniops-compose-test-signing.pem", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TheSilosRunAsTheRuntimeRoleAndMigrateAsTheSchemaOwner()
    {
        var services = await RenderServicesAsync();

        foreach (var name in new[] { "silo1", "silo2" })
        {
            var environment = ComposeYaml.EnvironmentOf(services[name]);
            Assert.Contains("Username=omniops_app;", environment["ConnectionStrings__Omniops"], StringComparison.Ordinal);
            Assert.Contains("Username=omniops;", environment["ConnectionStrings__OmniopsMigrations"], StringComparison.Ordinal);
        }

        var gateway = ComposeYaml.EnvironmentOf(services["gateway"]);
        Assert.Contains("Username=omniops_app;", gateway["ConnectionStrings__Omniops"], StringComparison.Ordinal);
        Assert.False(gateway.ContainsKey("ConnectionStrings__OmniopsMigrations"), "The gateway got the schema owner's connection string.");
        Assert.Contains(services["postgres"], l => l.Contains("/docker-entrypoint-initdb.d/10-runtime-role.sh", StringComparison.Ordinal));
        var script = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", "postgres", "10-runtime-role.sh"));
        Assert.Contains("CREATE ROLE omniops_app LOGIN NOSUPERUSER", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyTheGatewayAndTheSilo1DashboardArePublished()
    {
        var services = await RenderServicesAsync();

        var published = services
            .SelectMany(s => ComposeYaml.PublishedPorts(s.Value).Select(p => $"{s.Key} {p.HostIp}:{p.Published}->{p.Target}"))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(ExpectedPublishedPorts, published);
        Assert.DoesNotContain(services, s => s.Value.Any(l => l.Trim() == "network_mode: host"));
    }

    [Fact]
    public async Task EverySecretInTheRenderedStackComesFromTheEnvironment()
    {
        var services = await RenderServicesAsync();

        var expected = new Dictionary<string, string>
        {
            ["Omniops__MasterKey"] = TestMasterKey,
            ["Omniops__OperatorKey"] = TestOperatorKey,
            ["POSTGRES_PASSWORD"] = TestDbPassword,
            ["OMNIOPS_DB_APP_PASSWORD"] = TestDbAppPassword,
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, block) in services)
        {
            foreach (var (key, value) in ComposeYaml.EnvironmentOf(block))
            {
                if (expected.TryGetValue(key, out var secret))
                {
                    Assert.True(value == secret, $"Service '{name}' sets {key} to something other than its environment variable.");
                    seen.Add(key);
                }

                var password = value.Split(';').FirstOrDefault(p => p.StartsWith("Password=", StringComparison.OrdinalIgnoreCase));
                if (password is not null)
                {
                    // The schema owner's (migrations) from OMNIOPS_DB_PASSWORD, the runtime role's from OMNIOPS_DB_APP_PASSWORD.
                    var (expectedPassword, variable) = key == "ConnectionStrings__OmniopsMigrations"
                        ? (TestDbPassword, "OMNIOPS_DB_PASSWORD")
                        : (TestDbAppPassword, "OMNIOPS_DB_APP_PASSWORD");
                    Assert.True(password == $"Password={expectedPassword}", $"Service '{name}' has a {key} password not taken from {variable}.");
                    seen.Add("Password=");
                }
            }
        }

        Assert.Equal(ExpectedSecretSettings, seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ComposeFileRefusesToRenderWithoutTheSecrets()
    {
        var (exitCode, _, error) = await RunComposeAsync(new Dictionary<string, string>(), "config");

        Assert.True(exitCode != 0, "docker-compose config rendered the stack without OMNIOPS_* secrets in the environment.");
        Assert.Contains("OMNIOPS_", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OMNIOPS_MASTER_KEY")]
    [InlineData("OMNIOPS_OPERATOR_KEY")]
    [InlineData("OMNIOPS_DB_PASSWORD")]
    [InlineData("OMNIOPS_DB_APP_PASSWORD")]
    [InlineData("OMNIOPS_SIGNING_KEY_FILE")]
    public async Task ComposeFileRequiresEachSecretOnItsOwn(string missing)
    {
        var secrets = TestSecrets.Where(s => s.Key != missing).ToDictionary();

        var (exitCode, _, error) = await RunComposeAsync(secrets, "config");

        Assert.True(exitCode != 0, $"docker-compose config rendered the stack without {missing}.");
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    private static void AssertWaitsForHealthy(Dictionary<string, List<string>> services, string name, params string[] dependencies)
    {
        var dependsOn = ComposeYaml.Child(services[name], "depends_on", 4);
        foreach (var dependency in dependencies)
        {
            var waitsForHealthy = ComposeYaml.Child(dependsOn, dependency, 6).Any(l => l.Trim() == "condition: service_healthy");
            Assert.True(waitsForHealthy, $"Service '{name}' does not wait for '{dependency}' to be healthy.");
        }
    }

    /// <summary>Runs <c>config</c> with the throwaway secrets and returns each service's block of lines by name.</summary>
    private static async Task<Dictionary<string, List<string>>> RenderServicesAsync()
    {
        var (exitCode, output, error) = await RunComposeAsync(TestSecrets, "config");
        Assert.True(exitCode == 0, $"docker-compose config exited with {exitCode}:{Environment.NewLine}{error}");

        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var services = ComposeYaml.Child(lines, "services", 0);
        return services
            .Where(l => ComposeYaml.Indent(l) == 2 && l.EndsWith(':'))
            .Select(l => l.Trim().TrimEnd(':'))
            .ToDictionary(name => name, name => ComposeYaml.Child(services, name, 2), StringComparer.Ordinal);
    }

    /// <summary>
    /// Runs docker-compose against the repository's compose file with exactly <paramref name="secrets"/> as the
    /// OMNIOPS_* variables (inherited ones removed) and an empty env file, so a developer's shell or .env cannot leak in.
    /// </summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunComposeAsync(
        IReadOnlyDictionary<string, string> secrets, params string[] arguments)
    {
        var root = Repository.Root;
        var envFile = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("docker-compose")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "--env-file", envFile, "-f", Path.Combine(root, "docker-compose.yml") }.Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var name in TestSecrets.Keys)
            {
                start.Environment.Remove(name);
            }

            foreach (var (name, value) in secrets)
            {
                start.Environment[name] = value;
            }

            Process process;
            try
            {
                process = Process.Start(start) ?? throw new XunitException($"docker-compose did not start; {InstallHint}");
            }
            catch (Win32Exception exception)
            {
                throw new XunitException($"docker-compose is not on PATH ({exception.Message}); {InstallHint}");
            }

            using (process)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var error = process.StandardError.ReadToEndAsync(timeout.Token);
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                    return (process.ExitCode, await output, await error);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    throw new XunitException("docker-compose did not finish within 2 minutes.");
                }
            }
        }
        finally
        {
            File.Delete(envFile);
        }
    }
}
