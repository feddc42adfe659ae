using System.Diagnostics;
using System.Text;

namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>
/// One of the project's real executables (silo or gateway) started with <c>dotnet</c> and its own environment,
/// its output captured; killed with its process tree on dispose.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static HostProcess Start(string project, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet", Assembly(project))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Assembly(project))!,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Omniops__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k == "ASPNETCORE_URLS").ToArray())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new HostProcess(Process.Start(start) ?? throw new InvalidOperationException($"{project} did not start"));
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200, or fails with the captured output.</summary>
    public async Task WaitUntilReadyAsync(Uri url, TimeSpan timeout, HttpClient? client = null)
    {
        using var owned = client is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(5) } : null;
        var http = client ?? owned!;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The process exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{url} was not ready within {timeout}:\n{Output}");
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    /// <summary>The operating system's process id (e.g. for <c>/proc/{id}/status</c>).</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended (by itself or killed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL, as <c>kill -9</c>: no shutdown of any kind; returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>The built assembly of <paramref name="project"/> (<c>silo</c> or <c>client</c>), same configuration as the tests.</summary>
    public static string Assembly(string project)
    {
        var name = project == "silo" ? "Omniops.Actors.Silo" : "Omniops.Actors.Client";
        var path = Repository.Path(project, "bin", Repository.Configuration, new DirectoryInfo(AppContext.BaseDirectory).Name, name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first: {path} is missing.");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
