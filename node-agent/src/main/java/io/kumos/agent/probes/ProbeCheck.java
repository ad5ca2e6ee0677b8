package io.kumos.agent.probes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import io.kumos.agent.docker.DockerEngine;

/**
 * One probe's check: an exec in the container, an HTTP GET or a TCP connection to the pod, within a timeout. A
 * container's lifecycle hooks are handlers of the same shape, plus {@code sleep}.
 */
interface ProbeCheck {

    HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** Where probes go: the container (exec) or the pod's address; named ports are resolved from the spec. */
    record Target(DockerEngine engine, String containerId, String podIp, JsonNode ports) {

        int port(JsonNode port) {
            if (port.isInt() || port.asText().matches("\\d+")) {
                return port.asInt();
            }
            for (JsonNode declared : ports) {
                if (declared.path("name").asText().equals(port.asText())) {
                    return declared.path("containerPort").asInt();
                }
            }
            throw new IllegalArgumentException("no container port named " + port.asText());
        }
    }

    boolean passes();

    /** The probe's check; one that names a port the container does not declare always fails. */
    static ProbeCheck of(JsonNode probe, Target target, Duration timeout) {
        try {
            return check(probe, target, timeout);
        } catch (IllegalArgumentException e) {
            return new ProbeCheck() {
                @Override
                public boolean passes() {
                    return false;
                }

                @Override
                public String toString() {
                    return e.getMessage();
                }
            };
        }
    }

    private static ProbeCheck check(JsonNode probe, Target target, Duration timeout) {
        if (probe.has("exec")) {
            List<String> command = new java.util.ArrayList<>();
            probe.path("exec").path("command").forEach(word -> command.add(word.asText()));
            return new Exec(target, command, timeout);
        }
        if (probe.has("httpGet")) {
            JsonNode get = probe.path("httpGet");
            String host = get.path("host").asText(target.podIp());
            String path = get.path("path").asText("/");
            URI uri = URI.create(get.path("scheme").asText("HTTP").toLowerCase(java.util.Locale.ROOT) + "://" + host
                    + ":" + target.port(get.path("port")) + (path.startsWith("/") ? path : "/" + path));
            return new HttpGet(uri, get.path("httpHeaders"), timeout);
        }
        if (probe.has("sleep")) {
            return new Sleep(Duration.ofSeconds(probe.path("sleep").path("seconds").asLong()));
        }
        if (probe.has("tcpSocket")) {
            JsonNode tcp = probe.path("tcpSocket");
            return new Tcp(tcp.path("host").asText(target.podIp()), target.port(tcp.path("port")), timeout);
        }
        return () -> true;
    }

    /** Runs the command in the container; exit code 0 passes. */
    record Exec(Target target, List<String> command, Duration timeout) implements ProbeCheck {
        @Override
        public boolean passes() {
            try {
                var docker = target.engine().streams();
                String exec = docker.execCreateCmd(target.containerId()).withCmd(command.toArray(String[]::new))
                        .withAttachStdout(true).withAttachStderr(true).exec().getId();
                boolean done = docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>())
                        .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return done && target.engine().execExitCode(exec) == 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "exec " + command;
        }
    }

    /** A GET answered with a status from 200 to 399 passes. */
    record HttpGet(URI uri, JsonNode headers, Duration timeout) implements ProbeCheck {
        @Override
        public boolean passes() {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                    .header("User-Agent", "kube-probe/1.33");
            headers.forEach(header -> request.header(header.path("name").asText(), header.path("value").asText()));
            try {
                int status = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                return status >= 200 && status < 400;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "http-get " + uri;
        }
    }

    /** A lifecycle hook's pause (Kubernetes 1.29's {@code sleep} action). */
    record Sleep(Duration duration) implements ProbeCheck {
        @Override
        public boolean passes() {
            try {
                Thread.sleep(duration.toMillis());
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public String toString() {
            return "sleep " + duration.toSeconds() + "s";
        }
    }

    /** A TCP connection that opens passes. */
    record Tcp(String host, int port, Duration timeout) implements ProbeCheck {
        @Override
        public boolean passes() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "tcp-socket " + host + ":" + port;
        }
    }
}
