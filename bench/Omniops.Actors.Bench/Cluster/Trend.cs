namespace Omniops.Actors.Bench.Cluster;

/// <summary>Least-squares slope of y over x (NaN with fewer than two distinct points); NaN values of y are skipped.</summary>
public static class Trend
{
    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var points = x.Zip(y).Where(p => !double.IsNaN(p.Second)).ToArray();
        if (points.Length < 2)
        {
            return double.NaN;
        }

        var meanX = points.Average(p => p.First);
        var meanY = points.Average(p => p.Second);
        var sxx = points.Sum(p => (p.First - meanX) * (p.First - meanX));
        return sxx == 0 ? double.NaN : points.Sum(p => (p.First - meanX) * (p.Second - meanY)) / sxx;
    }
}
