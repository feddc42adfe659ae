using Omniops.Actors.Bench;

return await BenchRunner.RunAsync(args, Console.Out);
