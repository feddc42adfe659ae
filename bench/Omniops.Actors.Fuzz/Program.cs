using Omniops.Actors.Fuzz;
using SharpFuzz;

// fuzz <target>:              AFL's out-of-process loop over the instrumented assemblies (scripts/fuzz.sh).
// replay <target> <path>...:  each file (or each file of a folder) once; a crash is printed with its exception and
//                             the exit code is 1, so an AFL finding reproduces without AFL.
if (args.Length < 2 || args[0] is not ("fuzz" or "replay") || !PlatformTargets.All.TryGetValue(args[1], out var target))
{
    await Console.Error.WriteLineAsync($"usage: Omniops.Actors.Fuzz <fuzz|replay> <{string.Join('|', PlatformTargets.All.Keys)}> [file|folder]...");
    return 2;
}

if (args[0] == "fuzz")
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        _ = target(buffer.ToArray());
    });
    return 0;
}

var inputs = args.Skip(2)
    .SelectMany<string, string>(path => Directory.Exists(path) ? Directory.EnumerateFiles(path).Order(StringComparer.Ordinal) : [path])
    .Where(file => Path.GetFileName(file) != "README.txt")
    .ToList();
var (accepted, crashes) = (0, 0);
foreach (var file in inputs)
{
    try
    {
        accepted += target(File.ReadAllBytes(file)) ? 1 : 0;
    }
    catch (Exception exception)
    {
        crashes++;
        Console.WriteLine($"CRASH {file}: {exception}");
    }
}

Console.WriteLine($"{inputs.Count} inputs: {accepted} accepted, {inputs.Count - accepted - crashes} rejected, {crashes} crashes");
return crashes == 0 ? 0 : 1;
