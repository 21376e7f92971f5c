namespace Regsosek.Pipeline.Disclosure;

/// <summary>
/// Maximum-entropy noise distribution over a fixed integer support with a given mean (zero for the plain ptable) and a
/// variance about that mean of at most a bound. The optimum is p(v) ∝ exp(a·u + b·u²) with u = v − mean and b ≤ 0,
/// found by damped Newton on the convex dual log Z(a, b) − b·V, whose gradient is (E[u], E[u²] − V) and whose
/// Hessian is Cov(u, u²).
/// </summary>
internal static class MaxEntropySolver
{
    // Scaled units (|u| ≤ 1): the moment tolerances below are therefore relative to D and D².
    private const double MeanTolerance = 1e-13;
    private const double VarianceTolerance = 1e-12;
    private const int MaxIterations = 500;

    // Below this relative slack the optimum sits so close to the two-point boundary that b diverges;
    // the two-point distribution is then the answer to within rounding anyway.
    private const double BoundarySlack = 1e-9;

    /// <param name="noise">Distinct, ascending support that admits a zero-mean distribution.</param>
    /// <returns>Probabilities aligned with <paramref name="noise"/>; may contain exact zeros.</returns>
    public static double[] Solve(IReadOnlyList<int> noise, double maxVariance) => Solve(noise, 0, maxVariance);

    /// <param name="noise">Distinct, ascending support.</param>
    /// <param name="mean">The mean wanted, inside [first, last] of the support.</param>
    /// <param name="maxVariance">Bound on E[(v − mean)²]; below the least achievable, the least-variance distribution is returned.</param>
    public static double[] Solve(IReadOnlyList<int> noise, double mean, double maxVariance)
    {
        var n = noise.Count;
        var centred = new double[n];
        for (var k = 0; k < n; k++)
        {
            centred[k] = noise[k] - mean;
        }
        var below = -1;
        var above = -1;
        var zero = -1;
        for (var k = 0; k < n; k++)
        {
            if (Math.Abs(centred[k]) < 1e-12) zero = k;
            else if (centred[k] < 0) below = k;
            else if (above < 0) above = k;
        }

        if (below < 0 || above < 0)
        {
            // One-sided support: only the point at the mean itself has that mean.
            if (zero < 0)
            {
                throw new InvalidOperationException($"Support [{noise[0]}, {noise[n - 1]}] admits no distribution with mean {mean}.");
            }

            return PointMass(n, zero);
        }

        var minVariance = zero >= 0 ? 0.0 : -centred[below] * centred[above];
        if (n == 2 || maxVariance <= minVariance * (1 + BoundarySlack))
        {
            // Either the support is exactly {v-, v+} (the mean pins p) or V is at/below the smallest achievable
            // variance. With u = v − mean, E[u²] = E[(u − u-)(u − u+)] + |u-|·u+ and the first term is ≥ 0 on the
            // support, so the two neighbours of the mean are the unique minimum-variance choice.
            return TwoPoint(n, centred, below, above);
        }

        var scale = Math.Max(-centred[0], centred[n - 1]);
        var u = new double[n];
        for (var k = 0; k < n; k++)
        {
            u[k] = centred[k] / scale;
        }

        var target = maxVariance / (scale * scale);

        // Mean constraint alone first: if that optimum already meets V, the variance constraint is
        // inactive (b = 0 satisfies complementary slackness) and must not be forced to equality.
        var (a, b) = Minimise(u, target, 0, 0, varianceActive: false);
        if (Evaluate(u, a, b).M2 > target)
        {
            (a, b) = Minimise(u, target, a, b, varianceActive: true);
        }

        return Evaluate(u, a, b).P;
    }

    private static (double A, double B) Minimise(double[] u, double target, double a, double b, bool varianceActive)
    {
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var m = Evaluate(u, a, b);
            var gA = m.M1;
            var gB = varianceActive ? m.M2 - target : 0;
            if (Math.Abs(gA) <= MeanTolerance && Math.Abs(gB) <= VarianceTolerance)
            {
                return (a, b);
            }

            var hAA = m.M2 - m.M1 * m.M1;
            double dA, dB;
            if (!varianceActive)
            {
                dA = -gA / hAA;
                dB = 0;
            }
            else
            {
                var hAB = m.M3 - m.M1 * m.M2;
                var hBB = m.M4 - m.M2 * m.M2;

                // Near the two-point boundary v and v² become almost collinear on the mass that matters;
                // a tiny ridge keeps the step finite and the line search keeps it a descent.
                var ridge = 1e-14 * (hAA + hBB);
                hAA += ridge;
                hBB += ridge;
                var det = hAA * hBB - hAB * hAB;
                dA = -(hBB * gA - hAB * gB) / det;
                dB = -(hAA * gB - hAB * gA) / det;
            }

            var f0 = m.LogZ - (varianceActive ? b * target : 0);
            var slope = gA * dA + gB * dB;

            // Close to the optimum the predicted decrease drops below the rounding of log Z, so a pure
            // Armijo test would reject the very Newton steps that are converging quadratically.
            var roundoff = 8 * Math.Pow(2, -52) * Math.Max(1.0, Math.Abs(f0));
            var accepted = false;
            for (var t = 1.0; t > 1e-20; t *= 0.5)
            {
                var na = a + t * dA;

                // b > 0 would reward spread; the inequality constraint's multiplier must stay non-positive.
                var nb = Math.Min(0.0, b + t * dB);
                var f = LogPartition(u, na, nb) - (varianceActive ? nb * target : 0);
                if (f <= f0 + 1e-4 * t * slope + roundoff)
                {
                    a = na;
                    b = nb;
                    accepted = true;
                    break;
                }
            }

            if (!accepted)
            {
                break;
            }
        }

        var last = Evaluate(u, a, b);
        if (Math.Abs(last.M1) > 1e-10 || (varianceActive && Math.Abs(last.M2 - target) > 1e-9))
        {
            throw new InvalidOperationException(
                $"Maximum-entropy solver did not converge (mean {last.M1:R}, second moment {last.M2:R}, target {target:R}).");
        }

        return (a, b);
    }

    private static Moments Evaluate(double[] u, double a, double b)
    {
        var (max, weights) = Exponents(u, a, b);
        var z = 0.0;
        for (var k = 0; k < u.Length; k++)
        {
            weights[k] = Math.Exp(weights[k] - max);
            z += weights[k];
        }

        double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
        for (var k = 0; k < u.Length; k++)
        {
            weights[k] /= z;
            var x = u[k];
            var px = weights[k] * x;
            m1 += px;
            m2 += px * x;
            m3 += px * x * x;
            m4 += px * x * x * x;
        }

        return new Moments(max + Math.Log(z), m1, m2, m3, m4, weights);
    }

    private static double LogPartition(double[] u, double a, double b)
    {
        var (max, exponents) = Exponents(u, a, b);
        var z = 0.0;
        foreach (var e in exponents)
        {
            z += Math.Exp(e - max);
        }

        return max + Math.Log(z);
    }

    // Shifting by the largest exponent keeps exp() in range when b is strongly negative.
    private static (double Max, double[] Exponents) Exponents(double[] u, double a, double b)
    {
        var exponents = new double[u.Length];
        var max = double.NegativeInfinity;
        for (var k = 0; k < u.Length; k++)
        {
            exponents[k] = a * u[k] + b * u[k] * u[k];
            max = Math.Max(max, exponents[k]);
        }

        return (max, exponents);
    }

    private static double[] PointMass(int n, int index)
    {
        var p = new double[n];
        p[index] = 1;
        return p;
    }

    private static double[] TwoPoint(int n, double[] centred, int below, int above)
    {
        double down = -centred[below], up = centred[above];
        var p = new double[n];
        p[below] = up / (up + down);
        p[above] = down / (up + down);
        return p;
    }

    private sealed record Moments(double LogZ, double M1, double M2, double M3, double M4, double[] P);
}
