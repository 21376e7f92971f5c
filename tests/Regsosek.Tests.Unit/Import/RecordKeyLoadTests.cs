using Regsosek.Pipeline.Import;

namespace Regsosek.Tests.Import;

/// <summary>When an import registers its new record keys with the registry's primary key dropped and built again.</summary>
public class RecordKeyLoadTests
{
    [Fact]
    public void New_keys_into_an_empty_registry_are_loaded_in_bulk() =>
        Assert.True(RecordKeyRegistry.LoadsInBulk(newKeys: 90_000_000, registered: 0));

    [Theory]
    [InlineData(45_000_000, 90_000_000)]
    [InlineData(90_000_000, 90_000_000)]
    public void New_keys_at_least_half_the_registry_are_loaded_in_bulk(long newKeys, long registered) =>
        Assert.True(RecordKeyRegistry.LoadsInBulk(newKeys, registered));

    [Theory]
    [InlineData(1_000_000, 90_000_000)]
    [InlineData(44_999_999, 90_000_000)]
    public void Fewer_new_keys_go_into_the_registry_s_primary_key(long newKeys, long registered) =>
        Assert.False(RecordKeyRegistry.LoadsInBulk(newKeys, registered));

    [Fact]
    public void A_registry_of_unknown_size_keeps_its_primary_key() =>
        Assert.False(RecordKeyRegistry.LoadsInBulk(newKeys: 90_000_000, registered: null));

    [Fact]
    public void An_import_without_new_keys_leaves_the_primary_key_alone() =>
        Assert.False(RecordKeyRegistry.LoadsInBulk(newKeys: 0, registered: 0));
}
