package io.kumos.agent.streams;

import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An exec session's stdin: the WebSocket's event loop puts what the client sends, docker-java's writer thread takes
 * it. A queue rather than {@link java.io.PipedInputStream}, which ties itself to the threads that last used it.
 */
final class StdinPipe extends InputStream {

    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] chunk;
    private int position;
    private boolean ended;

    void put(byte[] bytes) {
        if (bytes.length > 0) {
            chunks.add(bytes);
        }
    }

    /** The client closed stdin. */
    void end() {
        chunks.add(END);
    }

    @Override
    public int read() throws java.io.IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
        if (ended) {
            return -1;
        }
        if (chunk == null || position == chunk.length) {
            try {
                chunk = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("stdin closed");
            }
            position = 0;
            if (chunk == END) {
                ended = true;
                return -1;
            }
        }
        int count = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, count);
        position += count;
        return count;
    }
}
