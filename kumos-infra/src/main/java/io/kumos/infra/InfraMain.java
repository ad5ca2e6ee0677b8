package io.kumos.infra;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one piece of the real infrastructure in the foreground until it is stopped (SIGTERM stops it cleanly).
 *
 * <pre>
 *   java -jar kumos-infra.jar grid     --root DIR [--port 11222] [--host 127.0.0.1]
 *                                      [--cluster NAME --name MEMBER --jgroups-port P --members HOST:P,HOST:P,…
 *                                       [--join true]]
 *   java -jar kumos-infra.jar postgres --data DIR [--port 5432]  [--host 127.0.0.1]
 * </pre>
 *
 * Without {@code --members} the grid is a one-member cluster; with it, this server is the member named
 * {@code --name} of the cluster {@code --cluster}, binding JGroups to {@code --jgroups-port} and finding the other
 * members at their JGroups addresses ({@code --members}, its own included). {@code --join true} says that the
 * others run already: the member then starts without its caches' stale copies on disk and takes the cluster's.
 *
 * <p>PostgreSQL refuses to run as root; callers running as root start this command inside a user namespace that
 * maps them to an unprivileged user (see the launcher {@code ./kumos}).
 */
public final class InfraMain {

    private InfraMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage("no command given");
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        String host = options.getOrDefault("host", "127.0.0.1");
        switch (args[0]) {
            case "grid" -> GridServer.run(Path.of(required(options, "root")), host,
                    Integer.parseInt(options.getOrDefault("port", "11222")), membership(options),
                    Boolean.parseBoolean(options.getOrDefault("join", "false")));
            case "postgres" -> PostgresServer.run(Path.of(required(options, "data")), host,
                    Integer.parseInt(options.getOrDefault("port", "5432")));
            default -> usage("unknown command '" + args[0] + "'");
        }
    }

    private static GridServer.Membership membership(Map<String, String> options) {
        if (!options.containsKey("members")) {
            return GridServer.Membership.alone(Path.of(required(options, "root")));
        }
        return new GridServer.Membership(required(options, "cluster"), required(options, "name"),
                Integer.parseInt(required(options, "jgroups-port")), List.of(options.get("members").split(",")));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("expected '--name value', got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            usage("missing --" + name);
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("kumos-infra: " + problem);
        System.err.println("usage: kumos-infra grid --root DIR [--port 11222] [--host 127.0.0.1]");
        System.err.println("         [--cluster NAME --name MEMBER --jgroups-port P --members HOST:P,HOST:P,... [--join true]]");
        System.err.println("       kumos-infra postgres --data DIR [--port 5432] [--host 127.0.0.1]");
        System.exit(2);
    }
}
