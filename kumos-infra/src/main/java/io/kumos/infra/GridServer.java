package io.kumos.infra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.infinispan.server.Bootstrap;

/**
 * The real Infinispan Server (Hot Rod, REST and RESP on one port), with its state under {@code root/data}.
 *
 * <p>The server configuration holds no cache: the caches are defined by the files of {@code kumos-grid} and
 * created by the services on first use, exactly as against a production cluster.
 */
final class GridServer {

    private static final String CONFIG = "kumos-grid.xml";

    private GridServer() {
    }

    static void run(Path root, String host, int port) throws IOException {
        Path conf = Files.createDirectories(root.resolve("conf"));
        // Bootstrap builds the thread context class loader from <root>/lib and fails without it.
        Files.createDirectories(root.resolve("lib"));
        Files.createDirectories(root.resolve("data"));
        Files.writeString(conf.resolve(CONFIG), resource(CONFIG)
                .replace("@HOST@", host).replace("@PORT@", Integer.toString(port))
                .replace("@CLUSTER@", "kumos-" + Integer.toHexString(root.toAbsolutePath().hashCode())));
        Files.writeString(conf.resolve("log4j2.xml"), resource("log4j2.xml"));
        System.setProperty("infinispan.server.home.path", root.toString());
        System.setProperty("log4j.configurationFile", conf.resolve("log4j2.xml").toString());
        Bootstrap.main(new String[] {"-s", root.toString(), "-c", CONFIG});
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GridServer.class.getResourceAsStream("/kumos/infra/" + name)) {
            if (in == null) {
                throw new IOException("missing resource kumos/infra/" + name + " in kumos-infra.jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
