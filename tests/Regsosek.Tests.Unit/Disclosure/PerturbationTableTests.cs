using Regsosek.Pipeline.Disclosure;

namespace Regsosek.Tests.Disclosure;

public class PerturbationTableTests
{
    [Fact]
    public void Presets_match_the_documented_parameters()
    {
        Assert.Equal(new PerturbationParameters(5, 3.0, 2, 8), PerturbationParameters.Families);
        Assert.Equal(new PerturbationParameters(8, 6.0, 2, 11), PerturbationParameters.Persons);
    }

    [Theory]
    [MemberData(nameof(PtableFacts.ParameterSets), MemberType = typeof(PtableFacts))]
    public void Rows_exist_for_every_count_up_to_the_maximum_row_index(int d, double v, int js, int maxRowIndex)
    {
        var p = PtableFacts.Parameters(d, v, js, maxRowIndex);
        var table = PerturbationTable.Generate(p);

        Assert.Equal(Enumerable.Range(1, p.MaxRowIndex), table.Select(r => r.I).Distinct());
    }

    [Theory]
    [MemberData(nameof(PtableFacts.ParameterSets), MemberType = typeof(PtableFacts))]
    public void Probabilities_of_each_count_sum_to_one(int d, double v, int js, int maxRowIndex)
    {
        var table = PerturbationTable.Generate(PtableFacts.Parameters(d, v, js, maxRowIndex));

        foreach (var rows in PtableFacts.ByCount(table))
        {
            Assert.Equal(1.0, rows.Sum(r => r.Probability), 1e-9);
            Assert.All(rows, r => Assert.True(r.Probability > 0, $"i={r.I} v={r.Noise} has p={r.Probability}"));
        }
    }

    [Theory]
    [MemberData(nameof(PtableFacts.ParameterSets), MemberType = typeof(PtableFacts))]
    public void Key_intervals_tile_the_32_bit_key_space_without_gaps_or_overlaps(int d, double v, int js, int maxRowIndex)
    {
        var table = PerturbationTable.Generate(PtableFacts.Parameters(d, v, js, maxRowIndex));

        foreach (var group in PtableFacts.ByCount(table))
        {
            var rows = group.ToList();
            Assert.Equal(rows.OrderBy(r => r.Noise).Select(r => r.Noise), rows.Select(r => r.Noise));
            Assert.Equal(0L, rows[0].LowerBound);
            Assert.Equal(1L << 32, rows[^1].UpperBound);
            for (var k = 0; k < rows.Count; k++)
            {
                Assert.True(rows[k].LowerBound < rows[k].UpperBound, $"i={group.Key} v={rows[k].Noise} is empty");
                if (k > 0)
                {
                    Assert.Equal(rows[k - 1].UpperBound, rows[k].LowerBound);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(PtableFacts.ParameterSets), MemberType = typeof(PtableFacts))]
    public void Each_row_mean_noise_is_zero(int d, double v, int js, int maxRowIndex)
    {
        var table = PerturbationTable.Generate(PtableFacts.Parameters(d, v, js, maxRowIndex));

        foreach (var rows in PtableFacts.ByCount(table))
        {
            Assert.Equal(0.0, PtableFacts.Mean(rows), 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(PtableFacts.ParameterSets), MemberType = typeof(PtableFacts))]
    public void Each_row_mean_noise_is_zero_when_measured_by_key_share(int d, double v, int js, int maxRowIndex)
    {
        var table = PerturbationTable.Generate(PtableFacts.Parameters(d, v, js, maxRowIndex));

        foreach (var rows in PtableFacts.ByCount(table))
        {
            Assert.Equal(0.0, PtableFacts.MeanFromKeys(rows), 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(PtableFacts.ParameterSets), MemberType = typeof(PtableFacts))]
    public void Noise_never_exceeds_the_maximum(int d, double v, int js, int maxRowIndex)
    {
        var table = PerturbationTable.Generate(PtableFacts.Parameters(d, v, js, maxRowIndex));

        Assert.All(table, r => Assert.InRange(r.Noise, -d, d));
    }

    [Theory]
    [MemberData(nameof(PtableFacts.ParameterSets), MemberType = typeof(PtableFacts))]
    public void No_target_is_negative_or_a_blocked_small_count(int d, double v, int js, int maxRowIndex)
    {
        var table = PerturbationTable.Generate(PtableFacts.Parameters(d, v, js, maxRowIndex));

        Assert.All(table, r =>
        {
            var target = r.I + r.Noise;
            Assert.True(target == 0 || target > js, $"i={r.I} v={r.Noise} publishes {target}");
        });
    }

    [Theory]
    [MemberData(nameof(PtableFacts.ParameterSets), MemberType = typeof(PtableFacts))]
    public void Variance_stays_within_the_bound_wherever_the_bound_is_reachable(int d, double v, int js, int maxRowIndex)
    {
        var table = PerturbationTable.Generate(PtableFacts.Parameters(d, v, js, maxRowIndex));

        foreach (var rows in PtableFacts.ByCount(table))
        {
            var variance = PtableFacts.Variance(rows);
            var least = PtableFacts.MinimumVariance(rows.Key, d, js);
            if (least < v)
            {
                Assert.True(variance <= v + 1e-6, $"i={rows.Key}: variance {variance} exceeds V={v}");
            }
            else
            {
                Assert.Equal(least, variance, 1e-6);
            }

            if (rows.Key > js)
            {
                Assert.True(variance <= v + 1e-6, $"i={rows.Key} > js: variance {variance} exceeds V={v}");
            }
        }
    }

    [Theory]
    [InlineData(5, 3.0, 2)]
    [InlineData(8, 6.0, 2)]
    [InlineData(15, 1.0, 1)]
    public void Variance_bound_is_met_exactly_when_it_binds(int d, double v, int js)
    {
        // Beyond D + js the full range [-D, D] is open; uniform noise there has variance D(D+1)/3 > V,
        // so the inequality must be active and hold with equality.
        var p = new PerturbationParameters(d, v, js);
        var table = PerturbationTable.Generate(p);

        var last = table.Where(r => r.I == p.MaxRowIndex).ToList();
        Assert.True(d * (d + 1) / 3.0 > v);
        Assert.Equal(v, PtableFacts.Variance(last), 1e-6);
    }

    [Fact]
    public void Slack_variance_bound_leaves_noise_uniform_over_the_full_range()
    {
        var p = new PerturbationParameters(2, 100.0, 0);
        var last = PerturbationTable.Generate(p).Where(r => r.I == p.MaxRowIndex).ToList();

        Assert.Equal([-2, -1, 0, 1, 2], last.Select(r => r.Noise));
        Assert.All(last, r => Assert.Equal(0.2, r.Probability, 1e-12));
    }

    [Fact]
    public void Slack_variance_bound_gives_noise_log_linear_in_the_noise()
    {
        // With b = 0 the optimum is p(v) ∝ exp(a v): log-probabilities have zero second differences.
        var table = PerturbationTable.Generate(new PerturbationParameters(2, 100.0, 0));
        var rows = table.Where(r => r.I == 1).ToList();

        Assert.Equal([-1, 0, 1, 2], rows.Select(r => r.Noise));
        for (var k = 1; k < rows.Count - 1; k++)
        {
            var curvature = Math.Log(rows[k - 1].Probability) - 2 * Math.Log(rows[k].Probability) + Math.Log(rows[k + 1].Probability);
            Assert.Equal(0.0, curvature, 1e-9);
        }
    }

    [Fact]
    public void Rows_that_cannot_reach_the_variance_use_the_least_variance_zero_mean_noise()
    {
        // js = 3, D = 4: count 1 may publish 0 or 4..5, so mean zero needs variance >= 1·3 = 3 > V = 2.
        var table = PerturbationTable.Generate(new PerturbationParameters(4, 2.0, 3));
        var one = table.Where(r => r.I == 1).ToList();

        Assert.Equal([-1, 3], one.Select(r => r.Noise));
        Assert.Equal(0.75, one[0].Probability, 1e-12);
        Assert.Equal(0.25, one[1].Probability, 1e-12);
        Assert.Equal(3.0, PtableFacts.Variance(one), 1e-12);
    }

    [Fact]
    public void Counts_with_only_upward_alternatives_stay_put()
    {
        // D = js = 2: count 3 can reach neither 0 nor 1..2, so the only unbiased choice is no noise.
        var table = PerturbationTable.Generate(new PerturbationParameters(2, 1.0, 2));

        var three = Assert.Single(table, r => r.I == 3);
        Assert.Equal(0, three.Noise);
        Assert.Equal(1.0, three.Probability);
    }

    [Theory]
    [InlineData(5, 3.0, 2)]
    [InlineData(8, 6.0, 2)]
    [InlineData(10, 5.0, 5)]
    public void Noise_is_symmetric_once_the_whole_range_is_open(int d, double v, int js)
    {
        var p = new PerturbationParameters(d, v, js, d + js + 5);
        var table = PerturbationTable.Generate(p);

        for (var i = d + js + 1; i <= p.MaxRowIndex; i++)
        {
            var rows = table.Where(r => r.I == i).ToDictionary(r => r.Noise, r => r.Probability);
            foreach (var (noise, probability) in rows)
            {
                Assert.Equal(probability, rows[-noise], 1e-9);
            }
        }
    }

    [Theory]
    [MemberData(nameof(PtableFacts.ParameterSets), MemberType = typeof(PtableFacts))]
    public void Entropy_is_not_increased_by_any_feasible_perturbation(int d, double v, int js, int maxRowIndex)
    {
        var table = PerturbationTable.Generate(PtableFacts.Parameters(d, v, js, maxRowIndex));

        foreach (var group in PtableFacts.ByCount(table))
        {
            var rows = group.ToList();
            var p = rows.Select(r => r.Probability).ToArray();
            var baseline = PtableFacts.Entropy(p);

            // On any four support points the divided-difference weights 1/Π(x_k − x_j) are orthogonal to
            // 1, v and v², so moving mass along them keeps total, mean and variance exactly: it is feasible.
            for (var start = 0; start + 4 <= rows.Count; start++)
            {
                var weights = new double[4];
                for (var k = 0; k < 4; k++)
                {
                    var product = 1.0;
                    for (var j = 0; j < 4; j++)
                    {
                        if (j != k)
                        {
                            product *= rows[start + k].Noise - rows[start + j].Noise;
                        }
                    }

                    weights[k] = 1 / product;
                }

                var room = Enumerable.Range(0, 4).Min(k => p[start + k] / Math.Abs(weights[k]));
                foreach (var step in new[] { -1e-2 * room, 1e-2 * room, -0.5 * room, 0.5 * room })
                {
                    var q = (double[])p.Clone();
                    for (var k = 0; k < 4; k++)
                    {
                        q[start + k] += step * weights[k];
                    }

                    Assert.True(
                        PtableFacts.Entropy(q) <= baseline + 1e-12,
                        $"i={group.Key}: perturbing at v={rows[start].Noise} raised entropy above {baseline}");
                }
            }
        }
    }

    [Fact]
    public void Generating_twice_gives_identical_rows()
    {
        var first = PerturbationTable.Generate(PerturbationParameters.Persons);
        var second = PerturbationTable.Generate(PerturbationParameters.Persons);

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(0, 3.0, 2, 0, "count 1")]
    [InlineData(1, 3.0, 2, 0, "only move down")]
    [InlineData(3, 3.0, 4, 0, "D must be at least js")]
    [InlineData(-1, 3.0, 0, 1, "MaxNoise")]
    [InlineData(5, 3.0, -1, 5, "SmallCountThreshold")]
    [InlineData(5, 0.0, 2, 0, "Variance")]
    [InlineData(5, double.NaN, 2, 0, "Variance")]
    [InlineData(5, double.PositiveInfinity, 2, 0, "Variance")]
    [InlineData(5, 3.0, 2, 7, "MaxRowIndex")]
    public void Infeasible_parameters_are_rejected_with_a_clear_message(int d, double v, int js, int maxRowIndex, string mention)
    {
        var exception = Assert.Throws<ArgumentException>(
            () => PerturbationTable.Generate(PtableFacts.Parameters(d, v, js, maxRowIndex)));

        Assert.Contains(mention, exception.Message);
    }

    [Theory]
    [MemberData(nameof(PtableFacts.ParameterSets), MemberType = typeof(PtableFacts))]
    public void Noise_that_stops_short_of_minus_D_never_lowers_a_count_by_D_yet_stays_mean_zero_and_unblocked(int d, double v, int js, int maxRowIndex)
    {
        var p = PtableFacts.Parameters(d, v, js, maxRowIndex) with { StopsShortOfMinusD = true };
        if (d - 1 < js && d > 0)
        {
            Assert.Contains("js + 1", Assert.Throws<ArgumentException>(() => PerturbationTable.Generate(p)).Message);
            return;
        }

        foreach (var rows in PtableFacts.ByCount(PerturbationTable.Generate(p)))
        {
            Assert.Equal(1.0, rows.Sum(r => r.Probability), 1e-9);
            Assert.Equal(0.0, PtableFacts.Mean(rows), 1e-6);
            Assert.All(rows, r =>
            {
                Assert.InRange(r.Noise, Math.Min(0, 1 - d), d);
                Assert.True(r.I + r.Noise == 0 || r.I + r.Noise > js, $"i={r.I} v={r.Noise} publishes a blocked {r.I + r.Noise}");
            });
        }
    }

    [Fact]
    public void Noise_that_stops_short_of_minus_D_still_reaches_plus_D()
    {
        var table = PerturbationTable.Generate(PerturbationParameters.Families with { StopsShortOfMinusD = true });

        Assert.Equal(-4, table.Min(r => r.Noise));
        Assert.Equal(5, table.Max(r => r.Noise));
        Assert.DoesNotContain(table, r => r.I == 5 && r.I + r.Noise == 0);
        Assert.Contains(table, r => r.I == 4 && r.I + r.Noise == 0);
    }
}
