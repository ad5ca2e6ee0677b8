package io.kumos.gateway.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A watch opened over plain HTTP as a client opens it: its lines, parsed, are taken one at a time in the order the
 * gateway wrote them; a reader thread fills the queue until the server ends the stream.
 */
public final class WatchStream {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Queued after the last line, when the server has ended the stream. */
    public static final JsonNode END = JSON.createObjectNode().put("type", "END OF STREAM");

    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();

    private WatchStream() {
    }

    /** Opens {@code pathAndQuery} on the gateway at {@code port}; the answer must be a 200 stream. */
    public static WatchStream open(int port, String pathAndQuery, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode(), "the watch " + pathAndQuery + " is a stream");
        WatchStream stream = new WatchStream();
        Thread reader = new Thread(() -> stream.read(response.body()), "watch-stream-reader");
        reader.setDaemon(true);
        reader.start();
        return stream;
    }

    private void read(Stream<String> body) {
        try {
            body.forEach(line -> {
                try {
                    lines.add(JSON.readTree(line));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("not a JSON line: " + line, e);
                }
            });
        } finally {
            lines.add(END);
        }
    }

    /** The next line, waiting up to 15 s for it. */
    public JsonNode next() throws InterruptedException {
        JsonNode line = lines.poll(15, TimeUnit.SECONDS);
        assertNotNull(line, "no watch event within 15 s");
        return line;
    }

    /** The next line, or null when none comes within {@code millis}. */
    public JsonNode poll(long millis) throws InterruptedException {
        return lines.poll(millis, TimeUnit.MILLISECONDS);
    }
}
