package io.kumos.infra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.infinispan.server.Bootstrap;

/**
 * The real Infinispan Server (Hot Rod, REST and RESP on one port), with its state under {@code root/data}: alone
 * (a one-member cluster), or as one member of a cluster whose members all run on this machine.
 *
 * <p>The server configuration holds no cache: the caches are defined by the files of {@code kumos-grid} and
 * created by the services on first use, exactly as against a production cluster.
 */
final class GridServer {

    private static final String CONFIG = "kumos-grid.xml";
    /** Where the configuration keeps the global state, and with it the caches' file stores, under the data dir. */
    private static final String GLOBAL_STATE = "global-state";

    private GridServer() {
    }

    /**
     * How this server finds the others: alone, or one of a fixed list of members.
     *
     * @param cluster     the JGroups cluster name, the same for every member
     * @param node        this member's name (shown in the cluster health)
     * @param jgroupsPort the loopback port this member's JGroups binds
     * @param members     every member's JGroups address as {@code host:port}, this one included
     */
    record Membership(String cluster, String node, int jgroupsPort, List<String> members) {

        /** A one-member cluster named after its data directory, which never looks for another member. */
        static Membership alone(Path root) {
            return new Membership("kumos-" + Integer.toHexString(root.toAbsolutePath().hashCode()), null, 0, List.of());
        }

        boolean isAlone() {
            return members.isEmpty();
        }

        String stackName() {
            return isAlone() ? "kumos-loopback" : "kumos-members";
        }

        /** The {@code <stack>} element: Infinispan's tcp stack with the discovery that fits. */
        String stack(String host) {
            if (isAlone()) {
                return """
                        <stack name="kumos-loopback" extends="tcp">
                          <TCP xmlns="urn:org:jgroups" bind_addr="%s" bind_port="0" stack.combine="COMBINE"/>
                          <LOCAL_PING xmlns="urn:org:jgroups" stack.combine="REPLACE" stack.position="MPING"/>
                        </stack>""".formatted(host);
            }
            // port_range 0: each member is exactly at its port, so discovery never probes a port nobody owns.
            return """
                    <stack name="kumos-members" extends="tcp">
                      <TCP xmlns="urn:org:jgroups" bind_addr="%s" bind_port="%d" port_range="0" stack.combine="COMBINE"/>
                      <TCPPING xmlns="urn:org:jgroups" initial_hosts="%s" port_range="0" stack.combine="REPLACE" stack.position="MPING"/>
                    </stack>""".formatted(host, jgroupsPort, initialHosts());
        }

        String transportAttributes() {
            return isAlone() ? "" : " node-name=\"" + node + "\"";
        }

        /** JGroups' {@code host[port],host[port]} form of the member list. */
        String initialHosts() {
            return members.stream().map(member -> {
                int colon = member.lastIndexOf(':');
                if (colon <= 0 || colon == member.length() - 1) {
                    throw new IllegalArgumentException("a member is host:port, not '" + member + "'");
                }
                return member.substring(0, colon) + "[" + Integer.parseInt(member.substring(colon + 1)) + "]";
            }).collect(Collectors.joining(","));
        }
    }

    /**
     * @param joining whether this member joins a cluster that runs without it: it then forgets what its caches kept
     *                on disk, which is older than the cluster's state and would bring back entries deleted while it
     *                was away (Infinispan keeps a joiner's preloaded entries that the cluster no longer has); the
     *                state transfer of the join gives it every current entry
     */
    static void run(Path root, String host, int port, Membership membership, boolean joining) throws IOException {
        Path conf = Files.createDirectories(root.resolve("conf"));
        // Bootstrap builds the thread context class loader from <root>/lib and fails without it.
        Files.createDirectories(root.resolve("lib"));
        Files.createDirectories(root.resolve("data"));
        if (joining) {
            forgetCacheStores(root.resolve("data").resolve(GLOBAL_STATE));
        }
        Files.writeString(conf.resolve(CONFIG), config(host, port, membership));
        Files.writeString(conf.resolve("log4j2.xml"), resource("log4j2.xml"));
        System.setProperty("infinispan.server.home.path", root.toString());
        System.setProperty("log4j.configurationFile", conf.resolve("log4j2.xml").toString());
        Bootstrap.main(new String[] {"-s", root.toString(), "-c", CONFIG});
    }

    /**
     * Deletes the file stores of the caches (each a directory of the global state holding {@code data} and
     * {@code index}), leaving the cache definitions and the server's internal state.
     */
    static void forgetCacheStores(Path globalState) throws IOException {
        if (!Files.isDirectory(globalState)) {
            return;
        }
        List<Path> stores;
        try (Stream<Path> entries = Files.list(globalState)) {
            stores = entries.filter(dir -> Files.isDirectory(dir.resolve("data")) && Files.isDirectory(dir.resolve("index")))
                    .toList();
        }
        for (Path store : stores) {
            try (Stream<Path> files = Files.walk(store)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
            System.out.println("kumos-infra: joining a running cluster, forgot the stale copy of " + store.getFileName()
                    + " kept on disk; the cluster's state transfer gives the current one");
        }
    }

    static String config(String host, int port, Membership membership) throws IOException {
        return resource(CONFIG)
                .replace("@STACK@", membership.stack(host).indent(4).stripTrailing())
                .replace("@STACK_NAME@", membership.stackName())
                .replace("@NODE_NAME@", membership.transportAttributes())
                .replace("@HOST@", host).replace("@PORT@", Integer.toString(port))
                .replace("@CLUSTER@", membership.cluster());
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
