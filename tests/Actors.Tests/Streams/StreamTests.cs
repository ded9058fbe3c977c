using Coordination.Actors.Streams;
using Coordination.Actors.Testing;
using Coordination.Actors.Tests.Grains;

namespace Coordination.Actors.Tests.Streams;

public sealed class StreamTests : IAsyncLifetime
{
    private const int BufferCapacity = 8;
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(configureActors: o =>
    {
        o.Streams.SubscriberBufferCapacity = BufferCapacity;
        o.Streams.ReplayCapacity = 100;
    });

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private IAsyncStream<string> NewStream() =>
        _node.Client.GetStreamProvider().GetStream<string>(new StreamId("test", Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task Subscribers_ReceiveItemsInPublishOrder_WithSequenceTokens()
    {
        var stream = NewStream();
        var received = new List<(string, long)>();
        await using var subscription = await stream.SubscribeAsync((item, token) =>
        {
            lock (received)
            {
                received.Add((item, token.SequenceNumber));
            }

            return Task.CompletedTask;
        });
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(i, (await stream.OnNextAsync($"item {i}")).SequenceNumber);
        }

        await Wait.UntilAsync(() => subscription.DeliveredCount == 5, "5 deliveries");
        Assert.Equal(Enumerable.Range(1, 5).Select(i => ($"item {i}", (long)i)), received);
    }

    [Fact]
    public async Task BlockedSubscriber_NeitherBlocksThePublisherNorOthers_AndItsOverflowIsCounted()
    {
        var stream = NewStream();
        var gate = new TaskCompletionSource();
        var slowSeen = new List<string>();
        await using var slow = await stream.SubscribeAsync(async (item, _) =>
        {
            await gate.Task;
            slowSeen.Add(item);
        });
        var fastSeen = 0;
        await using var fast = await stream.SubscribeAsync((_, _) =>
        {
            Interlocked.Increment(ref fastSeen);
            return Task.CompletedTask;
        });

        // Rounds smaller than the buffer, so only the blocked subscriber overflows.
        const int rounds = 20, perRound = BufferCapacity / 2, published = rounds * perRound;
        for (var i = 0; i < published; i++)
        {
            Assert.True(stream.OnNextAsync($"item {i}").IsCompletedSuccessfully, "publishing must not wait for subscribers");
            if ((i + 1) % perRound == 0)
            {
                await Wait.UntilAsync(() => fast.DeliveredCount == i + 1, "the fast subscriber to keep up");
            }
        }

        gate.SetResult();
        await Wait.UntilAsync(() => slow.DeliveredCount + slow.DroppedCount == published, "the slow subscriber to settle");
        Assert.Equal(0, fast.DroppedCount);
        Assert.InRange(slow.DroppedCount, published - BufferCapacity - 1, published - BufferCapacity);
        Assert.Equal($"item {published - 1}", slowSeen[^1]);
    }

    [Fact]
    public async Task ThrowingSubscriber_IsCountedAndKeepsReceiving()
    {
        var stream = NewStream();
        await using var subscription = await stream.SubscribeAsync((item, _) =>
            item == "bad" ? throw new InvalidOperationException("handler failed") : Task.CompletedTask);
        await stream.OnNextAsync("bad");
        await stream.OnNextAsync("good");
        await Wait.UntilAsync(() => subscription.DeliveredCount == 1 && subscription.FailedCount == 1, "one failure and one delivery");
    }

    [Fact]
    public async Task Unsubscribe_StopsDelivery()
    {
        var stream = NewStream();
        var seen = 0;
        var subscription = await stream.SubscribeAsync((_, _) =>
        {
            Interlocked.Increment(ref seen);
            return Task.CompletedTask;
        });
        await stream.OnNextAsync("before");
        await Wait.UntilAsync(() => seen == 1, "first delivery");
        await subscription.UnsubscribeAsync();
        await stream.OnNextAsync("after");
        await using var probe = await stream.SubscribeAsync((_, _) => Task.CompletedTask, after: new StreamSequenceToken(0));
        await Wait.UntilAsync(() => probe.DeliveredCount == 2, "the probe to replay both items");
        Assert.Equal(1, seen);
    }

    [Fact]
    public async Task SubscribeAfterAToken_ReplaysTheItemsPublishedSince()
    {
        var stream = NewStream();
        for (var i = 1; i <= 5; i++)
        {
            await stream.OnNextAsync($"item {i}");
        }

        var received = new List<long>();
        await using var subscription = await stream.SubscribeAsync((_, token) =>
        {
            received.Add(token.SequenceNumber);
            return Task.CompletedTask;
        }, after: new StreamSequenceToken(3));
        await stream.OnNextAsync("item 6");
        await Wait.UntilAsync(() => subscription.DeliveredCount == 3, "replayed and live items");
        Assert.Equal([4, 5, 6], received);
    }

    [Fact]
    public async Task GrainSubscriber_HandlesItemsAsItsOwnTurns()
    {
        var key = Guid.NewGuid().ToString("N");
        var listener = _node.Client.GetGrain<IListenerGrain>(key);
        await listener.Listen(key);
        var stream = _node.Client.GetStreamProvider().GetStream<string>(new StreamId("test", key));
        await stream.OnNextAsync("a");
        await stream.OnNextAsync("b");
        await Wait.UntilAsync(() => listener.Heard().Result.Count == 2, "the grain to hear both items");
        Assert.Equal(["a", "b"], await listener.Heard());
    }
}
