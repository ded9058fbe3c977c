using System.Net;
using System.Net.Http.Headers;

namespace Coordination.Gateway.Tests.Limits;

/// <summary>
/// A request body of unknown length, so HttpClient sends it chunked, without Content-Length: <paramref name="head"/>,
/// then <paramref name="fill"/> bytes of <paramref name="filler"/>, then <paramref name="tail"/>, written 64 KiB at a time.
/// </summary>
internal sealed class ChunkedContent : HttpContent
{
    private const int Chunk = 64 * 1024;
    private readonly byte[] _head;
    private readonly long _fill;
    private readonly byte _filler;
    private readonly byte[] _tail;

    public ChunkedContent(byte[] head, long fill, byte filler, byte[] tail, string contentType)
    {
        (_head, _fill, _filler, _tail) = (head, fill, filler, tail);
        Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
    }

    public long Length => _head.Length + _fill + _tail.Length;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_head);
        var block = new byte[Chunk];
        Array.Fill(block, _filler);
        for (var left = _fill; left > 0; left -= Chunk)
        {
            await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(Chunk, left)));
        }

        await stream.WriteAsync(_tail);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
