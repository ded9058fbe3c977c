namespace Coordination.Actors.Streams;

/// <summary>Hands out streams by id. Safe for concurrent use.</summary>
public interface IStreamProvider
{
    /// <summary>The stream of <typeparamref name="T"/> items named <paramref name="id"/>. Streams exist once named; there is nothing to create.</summary>
    IAsyncStream<T> GetStream<T>(StreamId id);
}
