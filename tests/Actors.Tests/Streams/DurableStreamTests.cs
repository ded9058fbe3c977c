using Coordination.Actors.Streams;
using Coordination.Actors.Testing;
using Coordination.Actors.Tests.Grains;

namespace Coordination.Actors.Tests.Streams;

public sealed class DurableStreamTests : IAsyncLifetime
{
    private readonly StreamId _id = new("durable-test", Guid.NewGuid().ToString("N"));
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(configureActors: o => o.AddJsonContext(TestJsonContext.Default));

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private IAsyncStream<string> Stream() => _node.Client.GetStreamProvider(StreamProviderNames.Durable).GetStream<string>(_id);

    private static async Task<(List<(string Item, long Sequence)> Seen, StreamSubscriptionHandle Handle)> Collect(IAsyncStream<string> stream, StreamSequenceToken? after)
    {
        var seen = new List<(string, long)>();
        var handle = await stream.SubscribeAsync((item, token) =>
        {
            lock (seen)
            {
                seen.Add((item, token.SequenceNumber));
            }

            return Task.CompletedTask;
        }, after);
        return (seen, handle);
    }

    [Fact]
    public async Task SequenceNumbers_ContinueAcrossRestart_AndASubscriberResumesAfterItsLastToken()
    {
        Assert.Equal(1, (await Stream().OnNextAsync("a")).SequenceNumber);
        Assert.Equal(2, (await Stream().OnNextAsync("b")).SequenceNumber);
        await _node.RestartAsync();
        Assert.Equal(3, (await Stream().OnNextAsync("c")).SequenceNumber);

        var (seen, handle) = await Collect(Stream(), after: new StreamSequenceToken(1));
        await using (handle)
        {
            await Stream().OnNextAsync("d");
            await Wait.UntilAsync(() => handle.DeliveredCount == 3, "replayed b, c and live d");
            Assert.Equal([("b", 2L), ("c", 3L), ("d", 4L)], seen);
        }
    }

    [Fact]
    public async Task ConcurrentPublishes_ReachEverySubscriberInSequenceOrder()
    {
        var (seen, handle) = await Collect(Stream(), after: null);
        await using (handle)
        {
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Stream().OnNextAsync(i.ToString())));
            await Wait.UntilAsync(() => handle.DeliveredCount == 200, "200 deliveries");
            Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), seen.Select(s => s.Sequence));
        }
    }

    [Fact]
    public async Task PublishOnce_WithAKeyAlreadyPublished_PublishesNothing_EvenAfterRestart()
    {
        Assert.Equal(new StreamSequenceToken(1), await Stream().PublishOnceAsync("warning", "case-1/notice/upcoming"));
        await _node.RestartAsync();
        Assert.Null(await Stream().PublishOnceAsync("warning again", "case-1/notice/upcoming"));
        Assert.Equal(new StreamSequenceToken(3), await Stream().PublishOnceAsync("next", "case-1/notice/due"));

        var (seen, handle) = await Collect(Stream(), after: new StreamSequenceToken(0));
        await using (handle)
        {
            await Wait.UntilAsync(() => handle.DeliveredCount == 2, "two stored items");
            Assert.Equal([("warning", 1L), ("next", 3L)], seen);
        }
    }
}
